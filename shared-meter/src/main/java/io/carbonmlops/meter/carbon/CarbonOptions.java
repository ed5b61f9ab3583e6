package io.carbonmlops.meter.carbon;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What the user asked for beyond the location-based figure.
 *
 * @param marketFactorGramsPerKwh  contractual emission factor (supplier mix, PPA, certificates) for the GHG Protocol
 *                                 Scope 2 market-based method; empty = location-based only
 * @param electricityPricePerKwh   price of one kWh of facility energy, in {@code currency}
 * @param carbonPricePerTonne      price of one tonne CO2e, in {@code currency}
 * @param currency                 ISO 4217 code or any label; required when a price is given
 */
public record CarbonOptions(OptionalDouble marketFactorGramsPerKwh, OptionalDouble electricityPricePerKwh,
        OptionalDouble carbonPricePerTonne, String currency) {

    public CarbonOptions {
        Objects.requireNonNull(marketFactorGramsPerKwh, "marketFactorGramsPerKwh");
        Objects.requireNonNull(electricityPricePerKwh, "electricityPricePerKwh");
        Objects.requireNonNull(carbonPricePerTonne, "carbonPricePerTonne");
        requireNonNegative("market-based factor (g/kWh)", marketFactorGramsPerKwh);
        requireNonNegative("electricity price per kWh", electricityPricePerKwh);
        requireNonNegative("carbon price per tonne", carbonPricePerTonne);
        if ((electricityPricePerKwh.isPresent() || carbonPricePerTonne.isPresent())
                && (currency == null || currency.isBlank())) {
            throw new IllegalArgumentException("a price needs its currency (e.g. --currency EUR)");
        }
    }

    public static CarbonOptions locationBased() {
        return new CarbonOptions(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), null);
    }

    public CarbonOptions withMarketFactor(double gramsPerKwh) {
        return new CarbonOptions(OptionalDouble.of(gramsPerKwh), electricityPricePerKwh, carbonPricePerTonne, currency);
    }

    public CarbonOptions withPrices(OptionalDouble electricity, OptionalDouble carbon, String currencyCode) {
        return new CarbonOptions(marketFactorGramsPerKwh, electricity, carbon, currencyCode);
    }

    private static void requireNonNegative(String what, OptionalDouble value) {
        if (value.isPresent() && !(value.getAsDouble() >= 0 && Double.isFinite(value.getAsDouble()))) {
            throw new IllegalArgumentException(what + " must be a finite number >= 0, was " + value.getAsDouble());
        }
    }
}
