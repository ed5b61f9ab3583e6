package io.carbonmlops.reports;

import java.util.OptionalDouble;

/** Money on a report line: the same formulas as a measurement's cost (docs/intensity.md). */
final class Prices {
    private static final double KG_PER_TONNE = 1000.0;

    private Prices() {}

    /** Facility kWh × energy price. */
    static OptionalDouble electricity(ReportRequest request, double facilityKwh) {
        return request.electricityPricePerKwh().isPresent()
                ? OptionalDouble.of(facilityKwh * request.electricityPricePerKwh().getAsDouble())
                : OptionalDouble.empty();
    }

    /** Location-based tonnes CO2e × internal carbon price. */
    static OptionalDouble carbon(ReportRequest request, double co2eLocationKg) {
        return request.carbonPricePerTonne().isPresent()
                ? OptionalDouble.of(co2eLocationKg / KG_PER_TONNE * request.carbonPricePerTonne().getAsDouble())
                : OptionalDouble.empty();
    }
}
