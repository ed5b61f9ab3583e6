package io.carbonmlops.jenkins.tracking;

import java.io.Serializable;
import java.util.Map;

/**
 * Where a tracked block runs, as Jenkins tells it through the body's environment.
 *
 * @param job            full job name ({@code JOB_NAME})
 * @param buildNumber    {@code BUILD_NUMBER}
 * @param buildUrl       {@code BUILD_URL}; null when Jenkins has no root URL configured
 * @param node           the agent running the body ({@code NODE_NAME})
 * @param stage          the enclosing stage ({@code STAGE_NAME}); null outside a stage
 * @param parentRunId    the MLflow run of an enclosing {@code withCarbonTracking} ({@code MLFLOW_RUN_ID}); null if none
 */
public record BuildInfo(String job, String buildNumber, String buildUrl, String node, String stage, String parentRunId)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public static BuildInfo fromEnvironment(Map<String, String> env) {
        return new BuildInfo(
                env.getOrDefault("JOB_NAME", "unknown"),
                env.getOrDefault("BUILD_NUMBER", "0"),
                blankToNull(env.get("BUILD_URL")),
                env.getOrDefault("NODE_NAME", "built-in"),
                blankToNull(env.get("STAGE_NAME")),
                blankToNull(env.get(TrackingEnvironment.MLFLOW_RUN_ID)));
    }

    /** The default MLflow run name: job, build and stage, e.g. {@code ml/train #42 Train}. */
    public String defaultRunName() {
        return job + " #" + buildNumber + (stage != null ? " " + stage : "");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
