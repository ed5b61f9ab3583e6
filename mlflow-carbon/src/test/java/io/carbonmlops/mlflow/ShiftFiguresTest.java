package io.carbonmlops.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.carbonmlops.meter.Measurement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A carbon-aware shift on a record: read from the measurement document, written as tags, totals and an artifact. */
class ShiftFiguresTest {
    private static final Instant T0 = Instant.parse("2026-11-30T07:00:00Z");
    private static final String SHIFT = """
            {"zone":"DE","decided_at":"2026-11-30T03:46:10.000Z","chosen_start":"2026-11-30T07:00:00.000Z",
             "expected_saving_percent":63.8,"started_at":"2026-11-30T07:00:00.400Z",
             "executed":{"chosen_start":"2026-11-30T07:00:00.000Z","forecast":{"provider":"electricitymaps",
               "method":"provider-forecast","source":"Electricity Maps v3 carbon-intensity/forecast (lifecycle)"}},
             "outcome":{"realised_co2e_kg":0.1,"run_now_co2e_kg":0.4,"saved_kg":0.3,"notes":[]}}""";

    private static ShiftFigures figures() {
        JsonObject measurement = new JsonObject();
        measurement.add("shift", JsonParser.parseString(SHIFT));
        return ShiftFigures.fromMeasurementJson(measurement).orElseThrow();
    }

    @Test
    void readsTheShiftSectionOfAMeasurementDocument() {
        ShiftFigures shift = figures();
        assertThat(shift.savedKg()).isEqualTo(0.3);
        assertThat(shift.runNowCo2eKg()).isEqualTo(0.4);
        assertThat(shift.waitSeconds()).isEqualTo(11_630.4);
        assertThat(shift.forecastMethod()).isEqualTo("provider-forecast");
        assertThat(ShiftFigures.fromMeasurementJson(new JsonObject())).isEmpty();
    }

    @Test
    void aShiftedRecordGetsShiftTagsAnArtifactAndRunTotals() {
        Measurement shiftedRun = TestMeasurements.gpuRun(T0, 1, 100, 300);
        Measurement plainRun = TestMeasurements.gpuRun(T0.plusSeconds(400), 1, 100, 300);
        CarbonRecord shifted = CarbonRecord.of(shiftedRun, TestMeasurements.footprint(shiftedRun))
                .withShift(Optional.of(figures()));
        CarbonRecord plain = CarbonRecord.of(plainRun, TestMeasurements.footprint(plainRun));

        RunWrite write = RunWriteBuilder.build("http://127.0.0.1:1", RunTarget.existing("run1"), T0.toEpochMilli(),
                shifted);
        assertThat(write.tags()).containsEntry("carbon.shift.decided_at", "2026-11-30T03:46:10.000Z")
                .containsEntry("carbon.shift.chosen_start", "2026-11-30T07:00:00.000Z")
                .containsEntry("carbon.shift.forecast_method", "provider-forecast")
                .containsEntry("carbon.shift.expected_saving_percent", "63.8")
                .doesNotContainKey("carbon.shift.notes");
        assertThat(write.artifacts()).containsKey("carbon/" + shifted.recordId() + "/shift.json");
        assertThat(RunWriteBuilder.build("http://127.0.0.1:1", RunTarget.existing("run1"), T0.toEpochMilli(), plain)
                .tags()).noneSatisfy((key, value) -> assertThat(key).startsWith("carbon.shift."));

        // the summaries as the run keeps them (JSON artifacts), read back
        List<RecordSummary> records = List.of(shifted, plain).stream()
                .map(r -> RecordSummary.parse(RecordSummary.of(r).toJson()).orElseThrow()).toList();
        Map<String, MetricPoint> totals = RunTotals.metrics(records).stream()
                .collect(Collectors.toMap(MetricPoint::key, p -> p));
        assertThat(totals.get("carbon/shift_saved_kg").value()).isEqualTo(0.3);
        assertThat(totals.get("carbon/shift_run_now_co2e_kg").value()).isEqualTo(0.4);
        assertThat(totals.get("carbon/shift_wait_s").value()).isCloseTo(11_630.4, within(1e-9));
        assertThat(totals.get("carbon/records").value()).isEqualTo(2.0);
    }
}
