package io.carbonmlops.meter.carbon;

import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.carbon.table.GridIntensityTable;
import io.carbonmlops.meter.carbon.table.TableProvider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Turns a {@link Measurement} into a {@link CarbonFootprint}.
 *
 * <ul>
 *   <li>Location-based (GHG Protocol Scope 2): the grid intensity of the zone from the provider chain. Where the
 *       provider gives per-interval figures, CO2e = Σ energy drawn in each interval × its intensity
 *       ({@link Accounting#TIME_RESOLVED}); otherwise total energy × one figure ({@link Accounting#SINGLE_FACTOR}).
 *       Energy is facility energy: IT energy × the measurement's PUE.</li>
 *   <li>Market-based, when the user gives a contractual factor: facility energy × that factor, reported beside the
 *       location-based figure, never instead of it.</li>
 *   <li>Cost: facility kWh × electricity price; location-based tonnes × carbon price.</li>
 * </ul>
 * Without a zone the world average is used and a warning says so.
 */
public final class CarbonAccountant {
    private static final double GRAMS_PER_KG = 1000.0;
    private static final double KG_PER_TONNE = 1000.0;

    private final ProviderChain chain;
    private final ZoneResolver zones;
    private final GridIntensityTable table;

    public CarbonAccountant(ProviderChain chain, ZoneResolver zones, GridIntensityTable table) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.zones = Objects.requireNonNull(zones, "zones");
        this.table = Objects.requireNonNull(table, "table");
    }

    public CarbonAccountant(ProviderChain chain) {
        this(chain, ZoneResolver.shipped(), GridIntensityTable.shipped());
    }

    /**
     * @param zoneInput what the user typed (zone key, ISO code, cloud region); {@code null} for the world average
     * @throws UnknownZoneException when the zone is unknown, naming close matches
     */
    public CarbonFootprint account(Measurement measurement, String zoneInput, CarbonOptions options) {
        List<String> warnings = new ArrayList<>();
        IntensityResult result;
        String via = "";
        if (zoneInput == null || zoneInput.isBlank()) {
            result = worldAverage();
            warnings.add("no zone given: CO2e uses the world average " + result.first().gramsPerKwh()
                    + " g/kWh; pass --zone (a zone key, ISO country code or cloud region such as aws:eu-west-1)");
        } else {
            ResolvedZone zone = zones.resolve(zoneInput);
            via = zone.via();
            result = chain.over(zone.zone(), measurement.startedAt(), measurement.endedAt());
            warnings.addAll(result.warnings());
        }
        double facilityKwh = Measurement.joulesToKwh(measurement.facilityEnergyJoules());
        List<IntensityReading> readings = result.readings();
        boolean perInterval = readings.stream().allMatch(r -> r.kind().isPerInterval());
        double co2eGrams;
        double gramsPerKwh;
        if (perInterval) {
            warnings.addAll(coverageWarnings(measurement, readings));
            double[] joules = EnergyTimeline.joulesPerInterval(measurement, readings);
            co2eGrams = 0;
            for (int i = 0; i < joules.length; i++) {
                co2eGrams += Measurement.joulesToKwh(joules[i]) * measurement.pue() * readings.get(i).gramsPerKwh();
            }
            gramsPerKwh = facilityKwh > 0 ? co2eGrams / facilityKwh : readings.get(0).gramsPerKwh();
        } else {
            gramsPerKwh = readings.get(0).gramsPerKwh();
            co2eGrams = facilityKwh * gramsPerKwh;
        }
        IntensityReading first = readings.get(0);
        String source = first.source() + (via.isEmpty() ? "" : "; zone " + first.zone() + " from " + via);
        IntensityProvenance provenance = new IntensityProvenance(gramsPerKwh, first.zone(), source,
                perInterval && readings.stream().anyMatch(r -> r.kind() == IntensityKind.FORECAST)
                        ? IntensityKind.FORECAST : first.kind(),
                first.from(), result.fallbackReason());
        double co2eKg = co2eGrams / GRAMS_PER_KG;
        OptionalDouble market = options.marketFactorGramsPerKwh().isPresent()
                ? OptionalDouble.of(facilityKwh * options.marketFactorGramsPerKwh().getAsDouble() / GRAMS_PER_KG)
                : OptionalDouble.empty();
        Accounting accounting = perInterval ? Accounting.TIME_RESOLVED : Accounting.SINGLE_FACTOR;
        return new CarbonFootprint(co2eKg, provenance, accounting, readings.size(), facilityKwh, market,
                options.marketFactorGramsPerKwh(), cost(options, facilityKwh, co2eKg), warnings);
    }

    private IntensityResult worldAverage() {
        try {
            return new IntensityResult(TableProvider.worldAverage(table).range(GridIntensityTable.WORLD_ZONE,
                    Instant.EPOCH, Instant.EPOCH), "world-average", List.of(), false);
        } catch (ProviderException e) {
            throw new IllegalStateException("the shipped table has no World row", e);
        }
    }

    private static Optional<CarbonCost> cost(CarbonOptions options, double facilityKwh, double co2eKg) {
        if (options.electricityPricePerKwh().isEmpty() && options.carbonPricePerTonne().isEmpty()) {
            return Optional.empty();
        }
        OptionalDouble electricity = options.electricityPricePerKwh().isPresent()
                ? OptionalDouble.of(facilityKwh * options.electricityPricePerKwh().getAsDouble())
                : OptionalDouble.empty();
        OptionalDouble carbon = options.carbonPricePerTonne().isPresent()
                ? OptionalDouble.of(co2eKg / KG_PER_TONNE * options.carbonPricePerTonne().getAsDouble())
                : OptionalDouble.empty();
        return Optional.of(new CarbonCost(options.currency(), electricity, carbon));
    }

    /** Time the provider's intervals do not cover takes the neighbouring figure; say so. */
    private static List<String> coverageWarnings(Measurement measurement, List<IntensityReading> readings) {
        List<String> warnings = new ArrayList<>();
        IntensityReading first = readings.get(0);
        IntensityReading last = readings.get(readings.size() - 1);
        boolean gap = false;
        for (int i = 1; i < readings.size(); i++) {
            gap |= readings.get(i - 1).to().isBefore(readings.get(i).from());
        }
        if (measurement.startedAt().isBefore(first.from()) || measurement.endedAt().isAfter(last.to()) || gap) {
            warnings.add("carbon intensity: the provider's intervals (" + first.from() + " to " + last.to()
                    + ") do not cover all of the window (" + measurement.startedAt() + " to " + measurement.endedAt()
                    + "); uncovered time uses the nearest earlier interval's figure");
        }
        return warnings;
    }
}
