package io.carbonmlops.jenkins.tracking;

import java.io.Serializable;

/**
 * The controller-wide settings a step falls back on (Manage Jenkins → System → carbon-mlops), as plain values.
 *
 * @param trackingUri        MLflow tracking URI; null = not configured
 * @param defaultExperiment  MLflow experiment when a step names none; null = the job's full name
 * @param defaultZone        grid zone when a step names none; null = resolved from the agent's cloud region or the world average
 * @param defaultPue         PUE when a step gives none, >= 1.0
 * @param intensityProviders provider chain, e.g. {@code electricitymaps,table}; null = the shipped table only
 * @param gatePolicyYaml     the carbon gate policy (YAML text); null = no policy configured
 */
public record CarbonDefaults(
        String trackingUri,
        String defaultExperiment,
        String defaultZone,
        double defaultPue,
        String intensityProviders,
        String gatePolicyYaml) implements Serializable {
    private static final long serialVersionUID = 1L;

    public CarbonDefaults {
        if (!(defaultPue >= 1.0)) {
            throw new IllegalArgumentException("default PUE must be >= 1.0, was " + defaultPue);
        }
    }

    public static CarbonDefaults none() {
        return new CarbonDefaults(null, null, null, 1.0, null, null);
    }
}
