package io.carbonmlops.mlflow;

import io.carbonmlops.mlflow.client.MlflowConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A run records are logged into. {@code runId} is empty when the run was to be created while MLflow was
 * unreachable: its records are spooled and the run is created by the flush (once, found again by its run key).
 *
 * @param target         where records go
 * @param runId          the run's id, when known
 * @param experimentId   its experiment, when known
 * @param startTimeMillis its start time, when known (power-history steps count from it)
 * @param createdHere    whether this logger created it (and so ends it)
 */
public record MlflowRun(RunTarget target, Optional<String> runId, Optional<String> experimentId,
        OptionalLong startTimeMillis, boolean createdHere) {

    /** Variables for a child process whose own MLflow calls should land in this run. */
    public Map<String, String> childEnvironment(MlflowConfig config) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(MlflowConfig.TRACKING_URI, config.trackingUri().toString());
        runId.ifPresent(id -> env.put("MLFLOW_RUN_ID", id));
        experimentId.ifPresent(id -> env.put("MLFLOW_EXPERIMENT_ID", id));
        return env;
    }

    public String describe() {
        return runId.map(id -> "run " + id).orElse(target.describe() + " (not created yet: MLflow unreachable)");
    }
}
