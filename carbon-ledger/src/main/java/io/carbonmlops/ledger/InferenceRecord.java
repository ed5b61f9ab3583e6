package io.carbonmlops.ledger;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The figures of one stored {@link EntryKind#INFERENCE_WINDOW} entry, read from its signed payload.
 *
 * @param entry                     the stored entry (seq, hashes, signed payload)
 * @param modelName                 attribution {@code model_name}
 * @param modelVersion              attribution {@code model_version}, when a registry version
 * @param predictionCount           {@code inference.prediction_count}
 * @param predictionsPerSecond      {@code inference.predictions_per_s}
 * @param co2eGramsPer1k            {@code inference.co2e_g_per_1k} (location-based); empty without carbon or
 *                                  predictions
 * @param co2eMarketBasedGramsPer1k {@code inference.co2e_market_based_g_per_1k}
 * @param facilityEnergyJoulesPer1k {@code inference.facility_energy_j_per_1k}
 */
public record InferenceRecord(StoredEntry entry, String modelName, Optional<String> modelVersion,
        long predictionCount, double predictionsPerSecond, OptionalDouble co2eGramsPer1k,
        OptionalDouble co2eMarketBasedGramsPer1k, OptionalDouble facilityEnergyJoulesPer1k) {
    public InferenceRecord {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(modelName, "modelName");
    }

    /**
     * @throws IllegalArgumentException when the entry is not an inference window
     */
    public static InferenceRecord of(StoredEntry stored) {
        LedgerEntry entry = stored.entry();
        if (entry.kind() != EntryKind.INFERENCE_WINDOW) {
            throw new IllegalArgumentException(stored.describe() + " is a " + entry.kind().label()
                    + " entry, not an inference-window");
        }
        JsonElement inference = entry.body().get("inference");
        JsonObject figures = inference != null && inference.isJsonObject() ? inference.getAsJsonObject()
                : new JsonObject();
        return new InferenceRecord(stored, entry.attribution().get(Attribution.MODEL_NAME).orElse(""),
                entry.attribution().get(Attribution.MODEL_VERSION), (long) number(figures, "prediction_count")
                        .orElse(0), number(figures, "predictions_per_s").orElse(0),
                number(figures, "co2e_g_per_1k"), number(figures, "co2e_market_based_g_per_1k"),
                number(figures, "facility_energy_j_per_1k"));
    }

    private static OptionalDouble number(JsonObject json, String field) {
        JsonElement value = json.get(field);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()
                ? OptionalDouble.of(value.getAsDouble()) : OptionalDouble.empty();
    }
}
