package io.carbonmlops.meter.carbon;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * CO2e of one measurement with what an auditor needs to re-derive it.
 *
 * @param co2eKg                 location-based CO2e in kg (GHG Protocol Scope 2 location-based method)
 * @param intensity              the intensity used and its provenance
 * @param accounting             time-resolved or single-factor
 * @param intervals              how many provider intervals the energy was spread over (1 for single-factor)
 * @param facilityEnergyKwh      IT energy × PUE, in kWh: the energy the figures apply to
 * @param marketBasedCo2eKg      CO2e with the user's contractual factor (market-based method), when one was given
 * @param marketFactorGramsPerKwh that factor
 * @param cost                   money figures, when a price was given
 * @param warnings               fallbacks taken and anything approximated
 */
public record CarbonFootprint(
        double co2eKg,
        IntensityProvenance intensity,
        Accounting accounting,
        int intervals,
        double facilityEnergyKwh,
        OptionalDouble marketBasedCo2eKg,
        OptionalDouble marketFactorGramsPerKwh,
        Optional<CarbonCost> cost,
        List<String> warnings) {

    public CarbonFootprint {
        Objects.requireNonNull(intensity, "intensity");
        Objects.requireNonNull(accounting, "accounting");
        Objects.requireNonNull(marketBasedCo2eKg, "marketBasedCo2eKg");
        Objects.requireNonNull(marketFactorGramsPerKwh, "marketFactorGramsPerKwh");
        Objects.requireNonNull(cost, "cost");
        warnings = List.copyOf(warnings);
    }
}
