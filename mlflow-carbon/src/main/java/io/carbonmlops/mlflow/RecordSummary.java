package io.carbonmlops.mlflow;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementMethod;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The figures of one record, stored in the run as the artifact {@code carbon/records/<id>.json} (older versions kept
 * it in a {@code carbon.record.<id>} tag, still read). Run totals and stage figures are sums over these, so a record
 * counts once however often it is delivered; with zone, intensity and PUE in the same file an auditor can re-derive
 * {@code co2e_kg = facility_energy_kwh * intensity_g_per_kwh / 1000}. A device kind that was not measured has no
 * figure (empty), never a zero.
 */
public record RecordSummary(
        Optional<String> stage,
        double energyKwh,
        OptionalDouble gpuEnergyKwh,
        OptionalDouble cpuEnergyKwh,
        OptionalDouble ramEnergyKwh,
        double facilityEnergyKwh,
        double durationSeconds,
        long endedMillis,
        double pue,
        OptionalDouble co2eKg,
        OptionalDouble intensityGramsPerKwh,
        Optional<String> zone,
        OptionalDouble costAmount,
        Optional<String> costCurrency,
        OptionalDouble carbonCostAmount,
        OptionalDouble shiftSavedKg,
        OptionalDouble shiftRunNowCo2eKg,
        OptionalDouble shiftWaitSeconds,
        OptionalLong predictionCount) {

    public static RecordSummary of(CarbonRecord record) {
        Measurement m = record.measurement();
        Optional<FootprintFigures> f = record.footprint();
        return new RecordSummary(
                record.stage(),
                Measurement.joulesToKwh(m.totalEnergyJoules()),
                measuredKwh(m, DeviceKind.GPU),
                measuredKwh(m, DeviceKind.CPU),
                measuredKwh(m, DeviceKind.RAM),
                Measurement.joulesToKwh(m.facilityEnergyJoules()),
                m.durationSeconds(),
                m.endedAt().toEpochMilli(),
                m.pue(),
                f.map(x -> OptionalDouble.of(x.co2eKg())).orElse(OptionalDouble.empty()),
                f.map(x -> OptionalDouble.of(x.intensityGramsPerKwh())).orElse(OptionalDouble.empty()),
                f.map(FootprintFigures::zone),
                f.map(FootprintFigures::costAmount).orElse(OptionalDouble.empty()),
                f.map(FootprintFigures::costCurrency).filter(c -> !c.isEmpty()),
                f.map(FootprintFigures::carbonCostAmount).orElse(OptionalDouble.empty()),
                record.shift().map(x -> OptionalDouble.of(x.savedKg())).orElse(OptionalDouble.empty()),
                record.shift().map(x -> OptionalDouble.of(x.runNowCo2eKg())).orElse(OptionalDouble.empty()),
                record.shift().map(x -> OptionalDouble.of(x.waitSeconds())).orElse(OptionalDouble.empty()),
                record.predictions());
    }

    /** The energy of one device kind, empty when no device of that kind was measured. */
    static OptionalDouble measuredKwh(Measurement m, DeviceKind kind) {
        boolean measured = m.devices().stream()
                .anyMatch(d -> d.device().kind() == kind && d.method() != MeasurementMethod.UNAVAILABLE);
        return measured ? OptionalDouble.of(Measurement.joulesToKwh(m.energyJoules(kind))) : OptionalDouble.empty();
    }

    public String toJson() {
        JsonObject json = new JsonObject();
        stage.ifPresent(s -> json.addProperty("stage", s));
        json.addProperty("energy_kwh", energyKwh);
        gpuEnergyKwh.ifPresent(v -> json.addProperty("gpu_energy_kwh", v));
        cpuEnergyKwh.ifPresent(v -> json.addProperty("cpu_energy_kwh", v));
        ramEnergyKwh.ifPresent(v -> json.addProperty("ram_energy_kwh", v));
        json.addProperty("facility_energy_kwh", facilityEnergyKwh);
        json.addProperty("duration_s", durationSeconds);
        json.addProperty("ended_ms", endedMillis);
        json.addProperty("pue", pue);
        co2eKg.ifPresent(v -> json.addProperty("co2e_kg", v));
        intensityGramsPerKwh.ifPresent(v -> json.addProperty("intensity_g_per_kwh", v));
        zone.ifPresent(v -> json.addProperty("zone", v));
        costAmount.ifPresent(v -> json.addProperty("cost", v));
        costCurrency.ifPresent(v -> json.addProperty("cost_currency", v));
        carbonCostAmount.ifPresent(v -> json.addProperty("carbon_cost", v));
        shiftSavedKg.ifPresent(v -> json.addProperty("shift_saved_kg", v));
        shiftRunNowCo2eKg.ifPresent(v -> json.addProperty("shift_run_now_co2e_kg", v));
        shiftWaitSeconds.ifPresent(v -> json.addProperty("shift_wait_s", v));
        predictionCount.ifPresent(v -> json.addProperty("prediction_count", v));
        return json.toString();
    }

    /** Parses what {@link #toJson()} wrote; empty if it is not one (a hand-edited file or tag is ignored). */
    public static Optional<RecordSummary> parse(String tagValue) {
        try {
            JsonObject j = JsonParser.parseString(tagValue).getAsJsonObject();
            return Optional.of(new RecordSummary(
                    text(j, "stage"),
                    j.get("energy_kwh").getAsDouble(),
                    number(j, "gpu_energy_kwh"),
                    number(j, "cpu_energy_kwh"),
                    number(j, "ram_energy_kwh"),
                    j.get("facility_energy_kwh").getAsDouble(),
                    j.get("duration_s").getAsDouble(),
                    j.get("ended_ms").getAsLong(),
                    j.get("pue").getAsDouble(),
                    number(j, "co2e_kg"),
                    number(j, "intensity_g_per_kwh"),
                    text(j, "zone"),
                    number(j, "cost"),
                    text(j, "cost_currency"),
                    number(j, "carbon_cost"),
                    number(j, "shift_saved_kg"),
                    number(j, "shift_run_now_co2e_kg"),
                    number(j, "shift_wait_s"),
                    j.has("prediction_count") && !j.get("prediction_count").isJsonNull()
                            ? OptionalLong.of(j.get("prediction_count").getAsLong()) : OptionalLong.empty()));
        } catch (RuntimeException notASummary) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonObject json, String field) {
        JsonElement e = json.get(field);
        return e == null || e.isJsonNull() ? Optional.empty() : Optional.of(e.getAsString());
    }

    private static OptionalDouble number(JsonObject json, String field) {
        JsonElement e = json.get(field);
        return e == null || e.isJsonNull() ? OptionalDouble.empty() : OptionalDouble.of(e.getAsDouble());
    }
}
