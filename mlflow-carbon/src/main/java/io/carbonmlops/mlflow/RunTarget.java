package io.carbonmlops.mlflow;

import java.util.Objects;

/**
 * Which run a record goes to: an existing run by id, or a run to create in an experiment (by name, created if
 * missing). A run to create carries a {@code runKey} tag so that creating it again after an unknown outcome
 * (timeout, crash, spool replay) finds the first one instead of making a second.
 *
 * @param runId           the existing run, or {@code null} for a run to create
 * @param experimentName  experiment of a run to create, or {@code null}
 * @param runName         name of a run to create, or {@code null} for MLflow's generated name
 * @param runKey          unique key of a run to create ({@code carbon.run_key} tag), or {@code null}
 * @param startTimeMillis start time of a run to create (the measurement's start)
 * @param sourceName      what the run's "Source" shows ({@code mlflow.source.name}): the wrapped script or job, or
 *                        {@code null} to leave it unset
 */
public record RunTarget(String runId, String experimentName, String runName, String runKey, long startTimeMillis,
        String sourceName) {

    public static final String RUN_KEY_TAG = "carbon.run_key";

    public RunTarget {
        if ((runId == null) == (experimentName == null)) {
            throw new IllegalArgumentException("give either a run id or an experiment name");
        }
        if (runId == null) {
            Objects.requireNonNull(runKey, "runKey");
        }
    }

    public static RunTarget existing(String runId) {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("run id must not be blank");
        }
        return new RunTarget(runId.strip(), null, null, null, 0, null);
    }

    public static RunTarget create(String experimentName, String runName, long startTimeMillis) {
        if (experimentName == null || experimentName.isBlank()) {
            throw new IllegalArgumentException("experiment name must not be blank");
        }
        return new RunTarget(null, experimentName.strip(), runName, CarbonRecord.newId(), startTimeMillis, null);
    }

    /** The same target, its run to show {@code sourceName} as its source (ignored for an existing run). */
    public RunTarget withSourceName(String newSourceName) {
        return new RunTarget(runId, experimentName, runName, runKey, startTimeMillis,
                newSourceName == null || newSourceName.isBlank() ? null : newSourceName.strip());
    }

    public boolean isExisting() {
        return runId != null;
    }

    /** The same target once its run exists. */
    public RunTarget resolvedTo(String createdRunId) {
        return existing(createdRunId);
    }

    public String describe() {
        return isExisting() ? "run " + runId : "new run in experiment '" + experimentName + "'";
    }
}
