package io.carbonmlops.jenkins.tracking;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one {@code withCarbonTracking} block does, after falling back on the global defaults: persisted with the
 * step's execution, so only serializable values.
 *
 * @param experiment  MLflow experiment name
 * @param runName     MLflow run name
 * @param runId       an existing MLflow run to attach to; null = create one
 * @param zone        grid zone for the intensity; null = resolve from the agent
 * @param pue         power usage effectiveness, >= 1.0
 * @param gpus        GPU selection; null = what CUDA_VISIBLE_DEVICES lets the body see
 * @param tags        user tags, added to the MLflow run
 * @param failOnError whether a metering or MLflow failure fails the build (it never hides the body's own failure)
 */
public record TrackingSettings(
        String experiment,
        String runName,
        String runId,
        String zone,
        double pue,
        String gpus,
        Map<String, String> tags,
        boolean failOnError) implements Serializable {
    private static final long serialVersionUID = 1L;

    public TrackingSettings {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(runName, "runName");
        if (!(pue >= 1.0) || pue > 5.0) {
            throw new IllegalArgumentException("pue must be between 1.0 and 5.0, was " + pue
                    + " (1.0 means no facility overhead; typical data centres report 1.1 to 1.6)");
        }
        tags = new LinkedHashMap<>(tags);
    }

    /**
     * Fills what the step left out from the global defaults and the build.
     *
     * @param requested the step's parameters as given (nulls for those left out)
     */
    public static TrackingSettings resolve(Requested requested, CarbonDefaults defaults, BuildInfo build) {
        String experiment = firstNonBlank(requested.experiment(), defaults.defaultExperiment(), build.job());
        String runName = firstNonBlank(requested.runName(), build.defaultRunName());
        String zone = firstNonBlank(requested.zone(), defaults.defaultZone());
        double pue = requested.pue() != null ? requested.pue() : defaults.defaultPue();
        return new TrackingSettings(experiment, runName, blankToNull(requested.runId()), zone, pue,
                blankToNull(requested.gpus()), requested.tags(), requested.failOnError());
    }

    /** The step's parameters as the user wrote them. */
    public record Requested(String experiment, String runName, String runId, String zone, Double pue, String gpus,
                            Map<String, String> tags, boolean failOnError) {}

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
