package io.carbonmlops.mlflow.gate.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of an MLflow model version the gate reads. {@code runId}, {@code source}, {@code modelId} and
 * {@code createdAt} are fixed by MLflow when the version is created; stage, aliases and tags change later.
 *
 * @param runId        the run the version was created from; empty for versions registered without one
 * @param source       the artifact URI it was registered from ({@code runs:/…}, {@code models:/m-…}, …)
 * @param modelId      the MLflow 3 logged model it was registered from; empty before MLflow 3 or without one
 * @param createdAt    {@code creation_timestamp}
 * @param currentStage registry stage, {@code None} when unset
 */
public record ModelVersionRecord(String name, String version, Optional<String> runId, String source,
        Optional<String> modelId, Instant createdAt, String currentStage, List<String> aliases,
        Map<String, String> tags) {

    public ModelVersionRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(currentStage, "currentStage");
        aliases = List.copyOf(aliases);
        tags = Map.copyOf(tags);
    }
}
