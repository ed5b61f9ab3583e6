package io.carbonmlops.mlflow.gate;

import io.carbonmlops.mlflow.client.MlflowApiException;
import io.carbonmlops.mlflow.gate.api.ModelVersionRecord;
import io.carbonmlops.mlflow.gate.api.RegistryApi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory model registry for unit tests of the decision logic; the proxy and command-line tests use a real
 * MLflow server. Versions are created at {@link #CREATED} unless a test says otherwise.
 */
final class FakeRegistryApi implements RegistryApi {
    static final Instant CREATED = Instant.parse("2026-11-20T10:15:02.123Z");

    final Map<String, ModelVersionRecord> versions = new HashMap<>();
    final Map<String, String> loggedModelRuns = new HashMap<>();
    final Map<String, Map<String, String>> modelTags = new HashMap<>();
    final Map<String, Map<String, String>> versionTags = new HashMap<>();
    final List<String> calls = new ArrayList<>();

    /** A version registered from {@code runId} (null: none) with source {@code runs:/RUN/model}. */
    void version(String model, String version, String runId) {
        version(new ModelVersionRecord(model, version, Optional.ofNullable(runId),
                runId == null ? "s3://bucket/model" : "runs:/" + runId + "/model", Optional.empty(), CREATED, "None",
                List.of(), Map.of()));
    }

    void version(ModelVersionRecord record) {
        versions.put(record.name() + "/" + record.version(), record);
    }

    @Override
    public ModelVersionRecord getModelVersion(String model, String version) {
        calls.add("getModelVersion " + model + " " + version);
        ModelVersionRecord record = versions.get(model + "/" + version);
        if (record == null) {
            throw new MlflowApiException("GET model-versions/get", 404, "RESOURCE_DOES_NOT_EXIST", "no version");
        }
        return record;
    }

    @Override
    public Map<String, String> getRegisteredModelTags(String model) {
        return modelTags.getOrDefault(model, Map.of());
    }

    @Override
    public Optional<String> loggedModelSourceRun(String modelId) {
        calls.add("loggedModelSourceRun " + modelId);
        return Optional.ofNullable(loggedModelRuns.get(modelId));
    }

    @Override
    public void setModelVersionTag(String model, String version, String key, String value) {
        versionTags.computeIfAbsent(model + "/" + version, k -> new LinkedHashMap<>()).put(key, value);
    }

    @Override
    public void transitionStage(String model, String version, String stage, boolean archiveExistingVersions) {
        calls.add("transitionStage " + model + " " + version + " " + stage);
    }

    @Override
    public void setAlias(String model, String alias, String version) {
        calls.add("setAlias " + model + " " + alias + " " + version);
    }
}
