package io.carbonmlops.jenkins.carbon;

import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.carbon.IntensityReading;
import io.carbonmlops.meter.carbon.IntensityResult;
import io.carbonmlops.meter.carbon.ProviderChain;
import io.carbonmlops.meter.carbon.ResolvedZone;
import io.carbonmlops.meter.carbon.ZoneResolver;
import io.carbonmlops.meter.carbon.provider.Providers;
import io.carbonmlops.meter.report.MeasurementJson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code carbonIntensity(zone: …)} returns: the current intensity of a zone with its provenance, as a map a
 * Pipeline can test in {@code when} conditions and print (plain values only: they go into program.dat).
 */
public final class IntensityLookup {
    private IntensityLookup() {}

    /**
     * @param providerSpec the configured chain ({@code electricitymaps,table}); null = the shipped table
     * @param providerEnv  provider credentials as the providers read them ({@code CARBON_ELECTRICITYMAPS_TOKEN}, …)
     * @throws IllegalArgumentException for an unknown zone or provider, naming it
     */
    public static Map<String, Object> lookup(String zoneInput, String providerSpec, Map<String, String> providerEnv,
            MeterClock clock) {
        ResolvedZone zone = ZoneResolver.shipped().resolve(zoneInput);
        try (ProviderChain chain = Providers.chain(Providers.spec(providerSpec, Map.of()), providerEnv, clock)) {
            return describe(zone, chain.latest(zone.zone()));
        }
    }

    static Map<String, Object> describe(ResolvedZone zone, IntensityResult result) {
        IntensityReading reading = result.first();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("gramsPerKwh", reading.gramsPerKwh());
        map.put("zone", reading.zone());
        map.put("requestedZone", zone.zone());
        map.put("provider", result.provider());
        map.put("source", reading.source());
        map.put("kind", reading.kind().label());
        map.put("from", MeasurementJson.formatInstant(reading.from()));
        map.put("to", MeasurementJson.formatInstant(reading.to()));
        map.put("fallbackReason", result.fallbackReason());
        return map;
    }
}
