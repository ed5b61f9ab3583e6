package io.carbonmlops.meter.carbon.schedule;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.carbonmlops.meter.carbon.CarbonFootprintJson;
import io.carbonmlops.meter.carbon.Fallback;
import io.carbonmlops.meter.carbon.IntensityReading;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * The one JSON form of a {@link ShiftDecision} (and of a {@link ShiftOutcome}), for {@code carbon when --json}, the
 * {@code shift} section of a measurement document and MLflow artifacts. Instants are UTC to the millisecond; absent
 * figures are left out, never written as 0.
 */
public final class ShiftDecisionJson {
    private ShiftDecisionJson() {}

    /** @param withPoints include every figure the plan was made on (long for 5-minute forecasts) */
    public static JsonObject toJson(ShiftDecision decision, boolean withPoints) {
        JsonObject json = new JsonObject();
        json.addProperty("zone", decision.request().zone());
        json.addProperty("decided_at", CarbonFootprintJson.formatInstant(decision.decidedAt()));
        json.addProperty("duration_s", decision.request().duration().toSeconds());
        json.addProperty("deadline", CarbonFootprintJson.formatInstant(decision.request().deadline()));
        json.addProperty("latest_start", CarbonFootprintJson.formatInstant(decision.request().latestStart()));
        json.addProperty("chosen_start", CarbonFootprintJson.formatInstant(decision.chosenStart()));
        json.addProperty("wait_s", decision.waitTime().toSeconds());
        json.addProperty("run_now", decision.runNow());
        add(json, "expected_g_per_kwh", decision.expectedGramsPerKwh());
        add(json, "run_now_g_per_kwh", decision.runNowGramsPerKwh());
        add(json, "expected_saving_percent", decision.expectedSavingPercent());
        add(json, "power_w", decision.request().powerWatts());
        add(json, "expected_co2e_kg", decision.expectedCo2eKg());
        add(json, "run_now_co2e_kg", decision.runNowCo2eKg());
        add(json, "expected_saved_kg", decision.expectedSavedKg());
        json.addProperty("windows_compared", decision.windowsCompared());
        json.addProperty("reason", decision.reason());
        json.add("forecast", forecast(decision.forecast(), withPoints));
        JsonArray warnings = new JsonArray();
        decision.warnings().forEach(warnings::add);
        json.add("warnings", warnings);
        return json;
    }

    public static JsonObject forecast(CarbonForecast forecast, boolean withPoints) {
        JsonObject json = new JsonObject();
        json.addProperty("provider", forecast.provider());
        json.addProperty("method", forecast.method().label());
        json.addProperty("method_description", forecast.method().description());
        json.addProperty("source", forecast.source());
        json.addProperty("fetched_at", CarbonFootprintJson.formatInstant(forecast.fetchedAt()));
        json.addProperty("covered_until", CarbonFootprintJson.formatInstant(forecast.coveredUntil()));
        json.addProperty("points_count", forecast.points().size());
        json.addProperty("fallback_reason", forecast.fallbacks().isEmpty() ? null
                : forecast.fallbacks().stream().map(Fallback::describe).collect(Collectors.joining("; ")));
        if (withPoints) {
            json.add("points", points(forecast.points()));
        }
        return json;
    }

    /** {@code [{from, to, g_per_kwh, kind}]}: the readings of a forecast or history, as every JSON output spells them. */
    public static JsonArray points(List<IntensityReading> readings) {
        JsonArray points = new JsonArray();
        for (IntensityReading reading : readings) {
            JsonObject point = new JsonObject();
            point.addProperty("from", CarbonFootprintJson.formatInstant(reading.from()));
            point.addProperty("to", CarbonFootprintJson.formatInstant(reading.to()));
            point.addProperty("g_per_kwh", reading.gramsPerKwh());
            point.addProperty("kind", reading.kind().label());
            points.add(point);
        }
        return points;
    }

    /** {@code {realised_co2e_kg, run_now_co2e_kg, saved_kg, saved_percent, realised_intensity, run_now_intensity, notes}}. */
    public static JsonObject outcome(ShiftOutcome outcome) {
        JsonObject json = new JsonObject();
        json.addProperty("realised_co2e_kg", outcome.realisedCo2eKg());
        json.addProperty("run_now_co2e_kg", outcome.runNowCo2eKg());
        json.addProperty("saved_kg", outcome.savedKg());
        add(json, "saved_percent", outcome.savedPercent());
        json.add("realised_intensity", CarbonFootprintJson.intensity(outcome.realised()));
        json.add("run_now_intensity", CarbonFootprintJson.intensity(outcome.runNow()));
        JsonArray notes = new JsonArray();
        outcome.notes().forEach(notes::add);
        json.add("notes", notes);
        return json;
    }

    private static void add(JsonObject json, String field, OptionalDouble value) {
        value.ifPresent(v -> json.addProperty(field, v));
    }
}
