package io.carbonmlops.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import io.carbonmlops.meter.Measurement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RunTotalsTest {
    private static final Instant T0 = Instant.parse("2026-11-30T04:00:00Z");

    private static Map<String, String> tagsOf(CarbonRecord... records) {
        return java.util.Arrays.stream(records).collect(Collectors.toMap(
                r -> MetricKeys.RECORD_TAG_PREFIX + r.recordId(), r -> RecordSummary.of(r).toJson()));
    }

    private static Map<String, MetricPoint> byKey(List<MetricPoint> points) {
        return points.stream().collect(Collectors.toMap(MetricPoint::key, p -> p));
    }

    @Test
    void totalsSumEveryRecordOnceAndStagesSeparately() {
        Measurement train = TestMeasurements.gpuRun(T0, 1, 100, 300);
        Measurement eval = TestMeasurements.gpuRun(T0.plusSeconds(100), 1, 50, 100);
        CarbonRecord a = CarbonRecord.of(train, TestMeasurements.footprint(train)).withStage("train");
        CarbonRecord b = CarbonRecord.of(eval, TestMeasurements.footprint(eval)).withStage("eval");

        Map<String, MetricPoint> totals = byKey(RunTotals.metrics(RunTotals.legacyRecordsIn(tagsOf(a, b)).values()));

        assertThat(totals.get("carbon/co2e_kg").value())
                .isCloseTo(TestMeasurements.co2eKg(train) + TestMeasurements.co2eKg(eval), within(1e-15));
        assertThat(totals.get("carbon/co2e_kg").step()).isEqualTo(2);
        assertThat(totals.get("carbon/co2e_kg").timestampMillis()).isEqualTo(eval.endedAt().toEpochMilli());
        assertThat(totals.get("carbon/stage/train/co2e_kg").value()).isCloseTo(TestMeasurements.co2eKg(train), within(1e-15));
        assertThat(totals.get("carbon/stage/train/co2e_kg").step()).isEqualTo(1);
        assertThat(totals.get("carbon/intensity_g_per_kwh").value()).isCloseTo(400.0, within(1e-9));
        assertThat(totals.get("carbon/duration_s").value()).isEqualTo(150.0);
    }

    @Test
    void perThousandPredictionFiguresComeFromTheInferenceRecordsOnly() {
        Measurement train = TestMeasurements.gpuRun(T0, 1, 100, 300);
        Measurement serve = TestMeasurements.gpuRun(T0.plusSeconds(100), 1, 50, 100);
        CarbonRecord training = CarbonRecord.of(train, TestMeasurements.footprint(train));
        CarbonRecord inference = CarbonRecord.of(serve, TestMeasurements.footprint(serve)).withPredictions(25_000);

        Map<String, MetricPoint> totals = byKey(RunTotals.metrics(RunTotals.legacyRecordsIn(
                tagsOf(training, inference)).values()));

        double grams = TestMeasurements.co2eKg(serve) * 1000;
        assertThat(totals.get("carbon/inference_g_per_1k").value()).isCloseTo(grams / 25, within(1e-12));
        assertThat(totals.get("carbon/inference_predictions").value()).isEqualTo(25_000.0);
        assertThat(totals.get("carbon/inference_predictions_per_s").value()).isCloseTo(25_000 / 50.0, within(1e-9));
        assertThat(totals.get("carbon/inference_energy_j_per_1k").value())
                .isCloseTo(Measurement.joulesToKwh(serve.facilityEnergyJoules()) * 3.6e6 / 25, within(1e-9));
        assertThat(byKey(RunTotals.metrics(RunTotals.legacyRecordsIn(tagsOf(training)).values())))
                .as("no inference record, no inference figure").doesNotContainKey("carbon/inference_g_per_1k");
    }

    @Test
    void recomputingFromTheSameTagsGivesIdenticalPoints() {
        Measurement m = TestMeasurements.gpuRun(T0, 2, 10, 200);
        Map<String, String> tags = tagsOf(CarbonRecord.of(m, TestMeasurements.footprint(m)));

        assertThat(RunTotals.metrics(RunTotals.legacyRecordsIn(tags).values()))
                .isEqualTo(RunTotals.metrics(RunTotals.legacyRecordsIn(tags).values()));
    }

    @Test
    void co2eIsLeftOutWhenARecordHasNoIntensityRatherThanUnderstated() {
        Measurement m = TestMeasurements.gpuRun(T0, 1, 10, 200);
        Map<String, String> tags = tagsOf(CarbonRecord.of(m, TestMeasurements.footprint(m)),
                CarbonRecord.of(m, Optional.empty()));

        Map<String, MetricPoint> totals = byKey(RunTotals.metrics(RunTotals.legacyRecordsIn(tags).values()));

        assertThat(totals).doesNotContainKey("carbon/co2e_kg").containsKey("carbon/energy_kwh");
        assertThat(totals.get("carbon/records").value()).isEqualTo(2.0);
    }

    @Test
    void electricityAndCarbonCostsAreSummedFromAMeasurementsCostFields() {
        Measurement train = TestMeasurements.gpuRun(T0, 1, 100, 300);
        Measurement eval = TestMeasurements.gpuRun(T0.plusSeconds(100), 1, 50, 100);
        CarbonRecord a = CarbonRecord.of(train, priced(train, 0.30, 0.02));
        CarbonRecord b = CarbonRecord.of(eval, priced(eval, 0.10, 0.01));

        Map<String, MetricPoint> totals = byKey(RunTotals.metrics(RunTotals.legacyRecordsIn(tagsOf(a, b)).values()));

        assertThat(totals.get("carbon/cost").value()).isCloseTo(0.40, within(1e-12));
        assertThat(totals.get("carbon/carbon_cost").value()).isCloseTo(0.03, within(1e-12));
    }

    /** Figures as read from a measurement document whose {@code cost} has both an electricity and a carbon part. */
    private static Optional<FootprintFigures> priced(Measurement m, double electricity, double carbon) {
        JsonObject json = new JsonObject();
        json.addProperty("co2e_kg", TestMeasurements.co2eKg(m));
        JsonObject intensity = new JsonObject();
        intensity.addProperty("g_per_kwh", 400.0);
        intensity.addProperty("zone", "DE");
        json.add("intensity", intensity);
        JsonObject cost = new JsonObject();
        cost.addProperty("currency", "EUR");
        cost.addProperty("electricity", electricity);
        cost.addProperty("carbon", carbon);
        json.add("cost", cost);
        return FootprintFigures.fromMeasurementJson(json);
    }

    @Test
    void aDeviceKindThatWasNotMeasuredGetsNoFigureNotAZero() {
        Measurement cpuOnly = TestMeasurements.cpuOnlyRunWithUnmeasuredGpu(T0, 60);
        CarbonRecord record = CarbonRecord.of(cpuOnly, TestMeasurements.footprint(cpuOnly));

        Map<String, MetricPoint> totals = byKey(RunTotals.metrics(List.of(RecordSummary.of(record))));

        assertThat(totals).doesNotContainKeys("carbon/gpu_energy_kwh", "carbon/ram_energy_kwh");
        assertThat(totals.get("carbon/cpu_energy_kwh").value()).isEqualTo(50.0 * 60 / 3.6e6);
        assertThat(RecordSummary.of(record).toJson()).doesNotContain("gpu_energy_kwh");
        assertThat(ReportHtml.render(record, RecordSummary.of(record), Map.of()))
                .doesNotContain("GPU energy").contains("CPU energy");
    }

    @Test
    void aKindMeasuredInOneRecordIsTheSumOfTheRecordsThatMeasuredIt() {
        Measurement gpu = TestMeasurements.gpuRun(T0, 1, 100, 300);
        Measurement cpuOnly = TestMeasurements.cpuOnlyRunWithUnmeasuredGpu(T0.plusSeconds(100), 60);

        Map<String, MetricPoint> totals = byKey(RunTotals.metrics(List.of(
                RecordSummary.of(CarbonRecord.of(gpu, Optional.empty())),
                RecordSummary.of(CarbonRecord.of(cpuOnly, Optional.empty())))));

        assertThat(totals.get("carbon/gpu_energy_kwh").value()).isEqualTo(300.0 * 100 / 3.6e6);
    }

    @Test
    void co2eIsAlsoLoggedInGramsForSmallFigures() {
        Measurement m = TestMeasurements.gpuRun(T0, 1, 3, 20);

        Map<String, MetricPoint> totals = byKey(RunTotals.metrics(List.of(
                RecordSummary.of(CarbonRecord.of(m, TestMeasurements.footprint(m))))));

        assertThat(totals.get("carbon/co2e_g").value()).isEqualTo(totals.get("carbon/co2e_kg").value() * 1000);
        assertThat(totals.get("carbon/co2e_g").value()).isCloseTo(TestMeasurements.co2eKg(m) * 1000, within(1e-12));
        assertThat(totals.get("carbon/co2e_g").step()).isEqualTo(totals.get("carbon/co2e_kg").step());
    }

    @Test
    void tagsThatAreNotRecordSummariesAreIgnored() {
        assertThat(RunTotals.legacyRecordsIn(Map.of("carbon.record.x", "not json", "mlflow.runName", "r"))).isEmpty();
    }
}
