package io.carbonmlops.meter.carbon;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Money figures for one footprint.
 *
 * @param currency        as the user gave it
 * @param electricityCost facility kWh × electricity price; empty when no price was given
 * @param carbonCost      location-based tonnes CO2e × carbon price; empty when no price was given
 */
public record CarbonCost(String currency, OptionalDouble electricityCost, OptionalDouble carbonCost) {
    public CarbonCost {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(electricityCost, "electricityCost");
        Objects.requireNonNull(carbonCost, "carbonCost");
    }
}
