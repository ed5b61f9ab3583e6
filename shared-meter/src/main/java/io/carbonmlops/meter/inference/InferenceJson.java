package io.carbonmlops.meter.inference;

import com.google.gson.JsonObject;
import io.carbonmlops.meter.carbon.CarbonFootprint;
import io.carbonmlops.meter.report.MeasurementJson;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The {@code inference} object of a measurement document ({@code carbon measure --predictions}, the ledger's
 * {@code inference-window} entries): {@code model_name}, {@code model_version} (when known),
 * {@code prediction_count}, {@code predictions_per_s}, and per 1,000 predictions {@code energy_j_per_1k} (IT),
 * {@code facility_energy_j_per_1k}, {@code co2e_g_per_1k} and {@code co2e_market_based_g_per_1k} (when computed).
 * Absent figures are left out, never written as 0.
 */
public final class InferenceJson {
    private InferenceJson() {}

    /** The measurement document of an inference window (carbon fields when a footprint is given) with its inference object. */
    public static JsonObject toJsonObject(InferenceMeasurement window, Optional<CarbonFootprint> footprint) {
        JsonObject document = MeasurementJson.toJsonObject(window.measurement(), OptionalInt.empty());
        footprint.ifPresent(f -> MeasurementJson.addCarbon(document, f));
        document.add("inference", inference(window.model(), window.figures(footprint)));
        return document;
    }

    /**
     * Adds the inference object to a measurement document, figures computed from the document's own energy, duration
     * and CO2e ({@link InferenceFigures#fromDocument}); returns the figures.
     */
    public static InferenceFigures addTo(JsonObject document, ModelVersion model, long predictions) {
        InferenceFigures figures = InferenceFigures.fromDocument(document, predictions);
        document.add("inference", inference(model, figures));
        return figures;
    }

    /** The inference object alone. */
    public static JsonObject inference(ModelVersion model, InferenceFigures figures) {
        JsonObject json = new JsonObject();
        json.addProperty("model_name", model.name());
        model.version().ifPresent(v -> json.addProperty("model_version", v));
        json.addProperty("prediction_count", figures.predictionCount());
        json.addProperty("predictions_per_s", figures.predictionsPerSecond());
        put(json, "energy_j_per_1k", figures.energyJoulesPer1k());
        put(json, "facility_energy_j_per_1k", figures.facilityEnergyJoulesPer1k());
        put(json, "co2e_g_per_1k", figures.co2eGramsPer1k());
        put(json, "co2e_market_based_g_per_1k", figures.co2eMarketBasedGramsPer1k());
        return json;
    }

    private static void put(JsonObject json, String field, OptionalDouble value) {
        value.ifPresent(v -> json.addProperty(field, v));
    }
}
