package io.carbonmlops.mlflow.gate.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The parts of an MLflow run the gate reads.
 *
 * @param lifecycleStage   {@code active} or {@code deleted}
 * @param startTimeMillis  epoch milliseconds
 * @param metrics          latest value of each metric, as {@code runs/get} and {@code runs/search} return them
 */
public record RunRecord(String runId, String experimentId, String runName, String lifecycleStage,
        long startTimeMillis, Map<String, Double> metrics, Map<String, String> tags) {

    public static final String PARENT_RUN_TAG = "mlflow.parentRunId";

    public RunRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(runName, "runName");
        Objects.requireNonNull(lifecycleStage, "lifecycleStage");
        metrics = Map.copyOf(metrics);
        tags = Map.copyOf(tags);
    }

    public OptionalDouble metric(String key) {
        Double value = metrics.get(key);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    public Optional<String> tag(String key) {
        String value = tags.get(key);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    public Optional<String> parentRunId() {
        return tag(PARENT_RUN_TAG);
    }

    public boolean isDeleted() {
        return "deleted".equalsIgnoreCase(lifecycleStage);
    }
}
