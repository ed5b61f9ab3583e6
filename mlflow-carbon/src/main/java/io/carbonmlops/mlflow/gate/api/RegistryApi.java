package io.carbonmlops.mlflow.gate.api;

import java.util.Map;
import java.util.Optional;

/**
 * The MLflow REST calls the gate makes. {@link RestRegistryApi} talks to a server; tests may use an in-memory fake.
 * The gate reads only what MLflow fixes when a version is created (its run, source, logged model, creation time) and
 * the prompt flag; carbon figures, lineage and teams come from the ledger, never from run metrics or tags.
 * Every method throws {@link io.carbonmlops.mlflow.client.MlflowException} when MLflow refuses
 * ({@link io.carbonmlops.mlflow.client.MlflowApiException}, with MLflow's error code) or cannot be reached.
 */
public interface RegistryApi {

    ModelVersionRecord getModelVersion(String model, String version);

    Map<String, String> getRegisteredModelTags(String model);

    /**
     * The {@code source_run_id} of an MLflow 3 logged model ({@code GET logged-models/{id}}); empty when the logged
     * model has none, or the server does not know it (older MLflow).
     */
    Optional<String> loggedModelSourceRun(String modelId);

    void setModelVersionTag(String model, String version, String key, String value);

    void transitionStage(String model, String version, String stage, boolean archiveExistingVersions);

    void setAlias(String model, String alias, String version);
}
