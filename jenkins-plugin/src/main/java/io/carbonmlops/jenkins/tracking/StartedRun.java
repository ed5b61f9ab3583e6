package io.carbonmlops.jenkins.tracking;

import java.io.Serializable;
import java.util.Objects;

/**
 * The MLflow run a tracked block logs to, created or attached before the body starts.
 *
 * @param experimentId MLflow experiment id
 * @param runId        MLflow run id
 * @param created      true when the block created the run (and so ends it), false when it attached to one
 * @param runUrl       the run's page in the MLflow UI
 */
public record StartedRun(String experimentId, String runId, boolean created, String runUrl) implements Serializable {
    private static final long serialVersionUID = 1L;

    public StartedRun {
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(runUrl, "runUrl");
    }
}
