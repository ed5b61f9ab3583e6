package io.carbonmlops.meter.inference;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.carbon.CarbonFootprint;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Energy and CO2e per 1,000 predictions of one inference window, and its load. Per-1k figures are empty when the
 * window counted no prediction (no figure is better than an infinite one).
 *
 * @param predictionCount           predictions counted in the window
 * @param durationSeconds           the window's length
 * @param predictionsPerSecond      load: predictions ÷ duration (0 for an empty window)
 * @param energyJoulesPer1k         IT energy (before PUE) per 1,000 predictions
 * @param facilityEnergyJoulesPer1k IT energy × PUE per 1,000 predictions: the energy CO2e is computed from
 * @param co2eGramsPer1k            location-based CO2e per 1,000 predictions, when carbon was computed
 * @param co2eMarketBasedGramsPer1k market-based CO2e per 1,000 predictions, when a contractual factor was given
 */
public record InferenceFigures(long predictionCount, double durationSeconds, double predictionsPerSecond,
        OptionalDouble energyJoulesPer1k, OptionalDouble facilityEnergyJoulesPer1k, OptionalDouble co2eGramsPer1k,
        OptionalDouble co2eMarketBasedGramsPer1k) {
    private static final double JOULES_PER_KWH = 3.6e6;

    public InferenceFigures {
        if (predictionCount < 0) {
            throw new IllegalArgumentException("prediction count must be >= 0, was " + predictionCount);
        }
    }

    /** The figures of a measured window with {@code predictions} predictions and, when computed, its footprint. */
    public static InferenceFigures of(Measurement measurement, long predictions, Optional<CarbonFootprint> footprint) {
        return compute(predictions, measurement.durationSeconds(), measurement.totalEnergyJoules(),
                measurement.facilityEnergyJoules(),
                footprint.map(f -> OptionalDouble.of(f.co2eKg())).orElse(OptionalDouble.empty()),
                footprint.map(CarbonFootprint::marketBasedCo2eKg).orElse(OptionalDouble.empty()));
    }

    /**
     * The figures of a measurement document ({@code carbon measure --json}: {@code duration_s},
     * {@code energy_kwh.total} and {@code .facility}, {@code co2e_kg}, {@code co2e_market_based_kg}).
     *
     * @throws IllegalArgumentException when the document lacks its duration or energy
     */
    public static InferenceFigures fromDocument(JsonObject document, long predictions) {
        JsonObject energy = document.has("energy_kwh") && document.get("energy_kwh").isJsonObject()
                ? document.getAsJsonObject("energy_kwh") : new JsonObject();
        double durationS = required(document, "duration_s");
        double itKwh = required(energy, "total");
        double facilityKwh = number(energy, "facility").orElse(itKwh);
        return compute(predictions, durationS, itKwh * JOULES_PER_KWH, facilityKwh * JOULES_PER_KWH,
                number(document, "co2e_kg"), number(document, "co2e_market_based_kg"));
    }

    private static InferenceFigures compute(long predictions, double durationS, double itJoules,
            double facilityJoules, OptionalDouble co2eKg, OptionalDouble marketKg) {
        if (predictions < 0) {
            throw new IllegalArgumentException("prediction count must be >= 0, was " + predictions);
        }
        double perSecond = durationS > 0 ? predictions / durationS : 0;
        if (predictions == 0) {
            OptionalDouble none = OptionalDouble.empty();
            return new InferenceFigures(0, durationS, perSecond, none, none, none, none);
        }
        double thousands = predictions / 1000.0;
        return new InferenceFigures(predictions, durationS, perSecond, OptionalDouble.of(itJoules / thousands),
                OptionalDouble.of(facilityJoules / thousands), per1kGrams(co2eKg, thousands),
                per1kGrams(marketKg, thousands));
    }

    private static OptionalDouble per1kGrams(OptionalDouble kg, double thousands) {
        return kg.isPresent() ? OptionalDouble.of(kg.getAsDouble() * 1000.0 / thousands) : OptionalDouble.empty();
    }

    private static double required(JsonObject json, String field) {
        return number(json, field).orElseThrow(() -> new IllegalArgumentException(
                "the measurement document lacks '" + field + "', needed for per-prediction figures"));
    }

    private static OptionalDouble number(JsonObject json, String field) {
        JsonElement value = json.get(field);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()
                ? OptionalDouble.of(value.getAsDouble()) : OptionalDouble.empty();
    }
}
