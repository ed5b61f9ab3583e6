package io.carbonmlops.mlflow;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A carbon-aware shift as MLflow records it: when the work was asked for and started, the figures the start was
 * chosen on, and what it saved against starting at once (both accounted after the fact by the same providers).
 * Read from the {@code shift} section that {@code carbon wait} adds to the measurement document.
 *
 * @param decidedAt          when the start was chosen (ISO-8601): the run-now counterfactual starts here
 * @param chosenStart        the start the work was executed on (after re-checks)
 * @param startedAt          when the work actually started
 * @param waitSeconds        startedAt minus decidedAt
 * @param forecastProvider   which provider's figures were used
 * @param forecastMethod     {@code provider-forecast}, {@code history-same-hours} (not a forecast) or {@code none}
 * @param forecastSource     what exactly was read
 * @param expectedSavingPercent the saving the figures promised at decision time, if comparable
 * @param runNowCo2eKg       the counterfactual's CO2e, accounted after the fact
 * @param savedKg            counterfactual minus realised CO2e
 * @param notes              why the figures may not be comparable, or empty
 * @param json               the whole {@code shift} section, kept as the {@code shift.json} artifact
 */
public record ShiftFigures(String decidedAt, String chosenStart, String startedAt, double waitSeconds,
        String forecastProvider, String forecastMethod, String forecastSource, OptionalDouble expectedSavingPercent,
        double runNowCo2eKg, double savedKg, String notes, String json) {

    public ShiftFigures {
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(chosenStart, "chosenStart");
        Objects.requireNonNull(forecastMethod, "forecastMethod");
        Objects.requireNonNull(expectedSavingPercent, "expectedSavingPercent");
        notes = Objects.requireNonNullElse(notes, "");
    }

    /** The {@code shift} section of a measurement document, or empty when it has none (or no outcome). */
    public static Optional<ShiftFigures> fromMeasurementJson(JsonObject measurement) {
        if (!measurement.has("shift") || !measurement.get("shift").isJsonObject()) {
            return Optional.empty();
        }
        JsonObject shift = measurement.getAsJsonObject("shift");
        JsonObject executed = shift.has("executed") ? shift.getAsJsonObject("executed") : shift;
        JsonObject forecast = executed.getAsJsonObject("forecast");
        JsonObject outcome = shift.getAsJsonObject("outcome");
        if (outcome == null || forecast == null) {
            return Optional.empty();
        }
        OptionalDouble expected = shift.has("expected_saving_percent")
                ? OptionalDouble.of(shift.get("expected_saving_percent").getAsDouble()) : OptionalDouble.empty();
        java.time.Instant decided = java.time.Instant.parse(text(shift, "decided_at"));
        java.time.Instant started = java.time.Instant.parse(text(shift, "started_at"));
        return Optional.of(new ShiftFigures(text(shift, "decided_at"), text(executed, "chosen_start"),
                text(shift, "started_at"), java.time.Duration.between(decided, started).toMillis() / 1000.0,
                text(forecast, "provider"), text(forecast, "method"), text(forecast, "source"), expected,
                outcome.get("run_now_co2e_kg").getAsDouble(), outcome.get("saved_kg").getAsDouble(),
                String.join("; ", outcome.getAsJsonArray("notes").asList().stream().map(JsonElement::getAsString)
                        .toList()), shift.toString()));
    }

    /** The {@code carbon.shift.*} run tags. */
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("shift.decided_at", decidedAt);
        tags.put("shift.chosen_start", chosenStart);
        tags.put("shift.started_at", startedAt);
        tags.put("shift.forecast_provider", forecastProvider);
        tags.put("shift.forecast_method", forecastMethod);
        tags.put("shift.forecast_source", forecastSource);
        expectedSavingPercent.ifPresent(p -> tags.put("shift.expected_saving_percent", Double.toString(p)));
        tags.put("shift.counterfactual", "the same energy and power profile started at shift.decided_at, accounted"
                + " with the same providers after the run");
        if (!notes.isEmpty()) {
            tags.put("shift.notes", notes);
        }
        return tags;
    }

    private static String text(JsonObject json, String field) {
        return json.has(field) && !json.get(field).isJsonNull() ? json.get(field).getAsString() : "";
    }
}
