package io.carbonmlops.mlflow.gate.api;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The MLflow REST calls the gate makes. {@link RestRegistryApi} talks to a server; tests may use an in-memory fake.
 * Every method throws {@link io.carbonmlops.mlflow.client.MlflowException} when MLflow refuses
 * ({@link io.carbonmlops.mlflow.client.MlflowApiException}, with MLflow's error code) or cannot be reached.
 */
public interface RegistryApi {

    ModelVersionRecord getModelVersion(String model, String version);

    Map<String, String> getRegisteredModelTags(String model);

    RunRecord getRun(String runId);

    /**
     * Runs of the given experiments matching an MLflow search filter, deleted runs included (their emissions
     * happened), following pages until {@code limit} runs have been read.
     */
    List<RunRecord> searchRuns(List<String> experimentIds, String filter, int limit);

    /** Every run matching the filter, page by page, without a limit and without holding them all in memory. */
    default void forEachRun(List<String> experimentIds, String filter, Consumer<RunRecord> run) {
        searchRuns(experimentIds, filter, Integer.MAX_VALUE).forEach(run);
    }

    /** Ids of every experiment, deleted ones included. */
    List<String> experimentIds();

    void setModelVersionTag(String model, String version, String key, String value);

    void transitionStage(String model, String version, String stage, boolean archiveExistingVersions);

    void setAlias(String model, String alias, String version);
}
