package io.carbonmlops.jenkins;

import io.carbonmlops.jenkins.tracking.CarbonDefaults;
import io.carbonmlops.jenkins.tracking.FootprintCalculator;
import io.carbonmlops.jenkins.tracking.MlflowAccess;
import io.carbonmlops.jenkins.tracking.MlflowRuns;
import io.carbonmlops.jenkins.tracking.MlflowRunsFactory;
import io.carbonmlops.jenkins.tracking.RecordSink;
import io.carbonmlops.jenkins.tracking.TrackingSession;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.carbon.CarbonAccountant;
import io.carbonmlops.meter.carbon.ProviderChain;
import io.carbonmlops.meter.carbon.provider.Providers;
import java.util.List;
import java.util.Map;

/** Builds the plain tracking objects from the global configuration and the build's credentials. */
final class Wiring {
    private Wiring() {}

    /**
     * @param access              the build's MLflow access; null when not configured (every MLflow call then fails
     *                            with a sentence saying so, and the energy still reaches the build page)
     * @param providerCredentials provider secrets in the variables the providers read
     * @param sinks               where each finished block's record goes after MLflow (the build page, …)
     */
    static TrackingSession session(MlflowAccess access, CarbonDefaults defaults, Map<String, String> providerCredentials,
            List<RecordSink> sinks) {
        MlflowRuns mlflow = access == null ? MlflowRunsFactory.unconfigured() : MlflowRunsFactory.rest(access);
        return new TrackingSession(mlflow, footprints(defaults.intensityProviders(), providerCredentials), sinks);
    }

    /** Location-based CO2e over the configured provider chain, opened per block so no HTTP client outlives it. */
    static FootprintCalculator footprints(String providerSpec, Map<String, String> providerCredentials) {
        return (measurement, zone) -> {
            try (ProviderChain chain = Providers.chain(Providers.spec(providerSpec, Map.of()), providerCredentials,
                    MeterClock.SYSTEM)) {
                return FootprintCalculator.of(new CarbonAccountant(chain)).footprint(measurement, zone);
            }
        };
    }
}
