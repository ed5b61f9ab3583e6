package io.carbonmlops.mlflow.gate.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of an MLflow model version the gate reads.
 *
 * @param runId        the run the version was created from; empty for versions registered from an external source
 * @param currentStage registry stage, {@code None} when unset
 */
public record ModelVersionRecord(String name, String version, Optional<String> runId, String currentStage,
        List<String> aliases, Map<String, String> tags) {

    public ModelVersionRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(currentStage, "currentStage");
        aliases = List.copyOf(aliases);
        tags = Map.copyOf(tags);
    }
}
