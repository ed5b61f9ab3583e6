package io.carbonmlops.ledger;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;

/**
 * The columns a store keeps beside each payload so that queries and totals run in SQL over indexes. They are
 * derived from the signed payload and are not hashed themselves: verification recomputes them from the payload and
 * names an entry whose columns differ, so a column edited to move a figure to another run or team is caught.
 *
 * <p>The figures are read from the body for every kind that has them: {@code co2e_kg}, {@code co2e_market_based_kg}
 * and {@code energy_kwh.facility}.
 *
 * @param kind                the payload's {@code kind} label (as stored: a tampered row may hold anything)
 * @param occurredAtMillis    {@code occurred_at} in epoch milliseconds
 * @param co2eKg              location-based CO2e; null when the body has none
 * @param co2eMarketBasedKg   market-based CO2e; null when the body has none
 * @param facilityEnergyKwh   IT energy × PUE; null when the body has none
 */
public record IndexedFields(String kind, long occurredAtMillis, String mlflowExperimentId, String mlflowRunId,
        String mlflowParentRunId, String pipelineId, String team, String project, String modelName, Double co2eKg,
        Double co2eMarketBasedKg, Double facilityEnergyKwh) {

    /** The columns of a parsed payload (see {@link CanonicalJson#parseCanonicalObject}). */
    public static IndexedFields of(JsonObject payload) {
        JsonObject attribution = object(payload.get("attribution"));
        JsonObject body = object(payload.get("body"));
        return new IndexedFields(string(payload, "kind"), Instant.parse(string(payload, "occurred_at")).toEpochMilli(),
                string(attribution, Attribution.MLFLOW_EXPERIMENT_ID), string(attribution, Attribution.MLFLOW_RUN_ID),
                string(attribution, Attribution.MLFLOW_PARENT_RUN_ID), string(attribution, Attribution.PIPELINE_ID),
                string(attribution, Attribution.TEAM), string(attribution, Attribution.PROJECT),
                string(attribution, Attribution.MODEL_NAME), number(body, "co2e_kg"),
                number(body, "co2e_market_based_kg"), number(object(body.get("energy_kwh")), "facility"));
    }

    public static IndexedFields of(LedgerEntry entry) {
        return of(entry.toJson());
    }

    private static JsonObject object(JsonElement value) {
        return value != null && value.isJsonObject() ? value.getAsJsonObject() : new JsonObject();
    }

    private static String string(JsonObject json, String field) {
        JsonElement value = json.get(field);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }

    private static Double number(JsonObject json, String field) {
        JsonElement value = json.get(field);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()
                ? value.getAsDouble() : null;
    }
}
