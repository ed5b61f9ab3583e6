package io.carbonmlops.mlflow;

import com.google.gson.JsonObject;
import io.carbonmlops.meter.carbon.CarbonCost;
import io.carbonmlops.meter.carbon.CarbonFootprint;
import io.carbonmlops.meter.carbon.IntensityProvenance;
import io.carbonmlops.meter.report.MeasurementJson;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The carbon figures of one measurement as MLflow logs them: CO2e, the intensity used and its provenance.
 * Built from the meter's carbon accounting (or by hand in tests); kept separate so that this module only
 * depends on plain values.
 *
 * @param co2eKg               location-based CO2e of the facility energy, kg
 * @param intensityGramsPerKwh grams CO2e per kWh applied
 * @param zone                 grid zone (e.g. {@code DE}, {@code US-CAL-CISO})
 * @param intensitySource      provider and what exactly was read (endpoint, table row)
 * @param intensityKind        measured, forecast, yearly-average or world-average
 * @param intensityAsOf        start of the interval the intensity holds for (ISO-8601), or empty
 * @param accountingKind       {@code location-based} unless a market-based figure was asked for
 * @param fallbackReason       why earlier providers were skipped, or empty
 * @param costAmount           electricity cost (facility kWh × electricity price), when a price was known
 * @param costCurrency         ISO currency of {@code costAmount} and {@code carbonCostAmount}, or empty
 * @param carbonCostAmount     carbon cost (location-based tonnes CO2e × carbon price), when a price was known
 */
public record FootprintFigures(
        double co2eKg,
        double intensityGramsPerKwh,
        String zone,
        String intensitySource,
        String intensityKind,
        String intensityAsOf,
        String accountingKind,
        String fallbackReason,
        OptionalDouble costAmount,
        String costCurrency,
        OptionalDouble carbonCostAmount) {

    public FootprintFigures {
        if (!(co2eKg >= 0) || !(intensityGramsPerKwh >= 0)) {
            throw new IllegalArgumentException("CO2e and intensity must be >= 0, were " + co2eKg + " kg and "
                    + intensityGramsPerKwh + " g/kWh");
        }
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(intensitySource, "intensitySource");
        Objects.requireNonNull(intensityKind, "intensityKind");
        intensityAsOf = Objects.requireNonNullElse(intensityAsOf, "");
        accountingKind = Objects.requireNonNullElse(accountingKind, "location-based");
        fallbackReason = Objects.requireNonNullElse(fallbackReason, "");
        Objects.requireNonNull(costAmount, "costAmount");
        costCurrency = Objects.requireNonNullElse(costCurrency, "");
        Objects.requireNonNull(carbonCostAmount, "carbonCostAmount");
    }

    /** Figures without a carbon price. */
    public FootprintFigures(double co2eKg, double intensityGramsPerKwh, String zone, String intensitySource,
            String intensityKind, String intensityAsOf, String accountingKind, String fallbackReason,
            OptionalDouble costAmount, String costCurrency) {
        this(co2eKg, intensityGramsPerKwh, zone, intensitySource, intensityKind, intensityAsOf, accountingKind,
                fallbackReason, costAmount, costCurrency, OptionalDouble.empty());
    }

    /** The meter's carbon accounting as logged figures, with the electricity and carbon costs when priced. */
    public static FootprintFigures from(CarbonFootprint footprint) {
        IntensityProvenance intensity = footprint.intensity();
        OptionalDouble cost = footprint.cost().map(CarbonCost::electricityCost).orElse(OptionalDouble.empty());
        OptionalDouble carbonCost = footprint.cost().map(CarbonCost::carbonCost).orElse(OptionalDouble.empty());
        return new FootprintFigures(footprint.co2eKg(), intensity.gramsPerKwh(), intensity.zone(), intensity.source(),
                intensity.kind().label(), MeasurementJson.formatInstant(intensity.asOf()), footprint.accounting().label(),
                intensity.fallbackReason(), cost, footprint.cost().map(CarbonCost::currency).orElse(""), carbonCost);
    }

    /**
     * The carbon fields of a measurement document ({@code co2e_kg}, {@code intensity{…}}, {@code accounting},
     * {@code cost{…}}, as {@code CarbonFootprintJson} writes them), or empty when it has none.
     */
    public static Optional<FootprintFigures> fromMeasurementJson(JsonObject json) {
        if (!json.has("co2e_kg") || !json.has("intensity") || !json.get("intensity").isJsonObject()) {
            return Optional.empty();
        }
        JsonObject intensity = json.getAsJsonObject("intensity");
        OptionalDouble cost = OptionalDouble.empty();
        OptionalDouble carbonCost = OptionalDouble.empty();
        String currency = "";
        if (json.has("cost") && json.get("cost").isJsonObject()) {
            JsonObject money = json.getAsJsonObject("cost");
            currency = text(money, "currency");
            if (money.has("electricity")) {
                cost = OptionalDouble.of(money.get("electricity").getAsDouble());
            }
            if (money.has("carbon")) {
                carbonCost = OptionalDouble.of(money.get("carbon").getAsDouble());
            }
        }
        return Optional.of(new FootprintFigures(json.get("co2e_kg").getAsDouble(),
                intensity.get("g_per_kwh").getAsDouble(), text(intensity, "zone"), text(intensity, "source"),
                text(intensity, "kind"), text(intensity, "as_of"), text(json, "accounting"),
                text(intensity, "fallback_reason"), cost, currency, carbonCost));
    }

    private static String text(JsonObject json, String field) {
        return json.has(field) && !json.get(field).isJsonNull() ? json.get(field).getAsString() : "";
    }

    /** Location-based figures for {@code facilityEnergyKwh} at {@code intensityGramsPerKwh}, without cost. */
    public static FootprintFigures locationBased(double facilityEnergyKwh, double intensityGramsPerKwh, String zone,
            String source, String kind) {
        return new FootprintFigures(facilityEnergyKwh * intensityGramsPerKwh / 1000.0, intensityGramsPerKwh, zone,
                source, kind, "", "location-based", "", OptionalDouble.empty(), "");
    }
}
