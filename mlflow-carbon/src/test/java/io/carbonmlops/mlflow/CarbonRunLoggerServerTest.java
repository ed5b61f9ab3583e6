package io.carbonmlops.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonmlops.meter.Measurement;
import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowConfig;
import io.carbonmlops.mlflow.testing.MlflowServerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunTag;

/** The run logger against a real MLflow mlflow.server(), read back with MLflow's own Java client. */
@Tag("mlflow-compat")
@Timeout(300)
class CarbonRunLoggerServerTest {
    @RegisterExtension
    static final MlflowServerExtension mlflow = new MlflowServerExtension();

    @TempDir
    Path spoolDir;

    /** No unreachable hold: these tests bring the server back within the same logger's life. */
    private CarbonRunLogger logger() {
        return new CarbonRunLogger(new MlflowClient(MlflowConfig.of(mlflow.server().trackingUri())
                .withRetries(2, Duration.ZERO).withUnreachableHold(Duration.ZERO)), new Spool(spoolDir));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    void createsARunLogsFiguresHistoryTagsAndReportThenEndsIt() {
        Measurement m = TestMeasurements.gpuRun(now(), 2, 30, 200);
        try (CarbonRunLogger logger = logger()) {
            MlflowRun run = logger.openRun(RunTarget.create("carbon-basic", "train-1", m.startedAt().toEpochMilli())
                    .withSourceName("train.py"));
            CarbonRecord record = CarbonRecord.of(m, TestMeasurements.footprint(m))
                    .withContext(Map.of("job", "nightly", "build_number", "42"));

            CarbonRunLogger.Delivery delivery = logger.log(run, record);
            logger.endRun(run, RunStatus.FINISHED);

            assertThat(delivery.delivered()).as(delivery.error().orElse("")).isTrue();
            String runId = run.runId().orElseThrow();
            Run stored = mlflow.reader().getRun(runId);
            assertThat(stored.getInfo().getStatus().name()).isEqualTo("FINISHED");
            assertThat(stored.getInfo().getRunName()).isEqualTo("train-1");
            Map<String, Double> metrics = latest(stored);
            assertThat(metrics.get("carbon/co2e_kg")).isCloseTo(TestMeasurements.co2eKg(m), within(1e-12));
            assertThat(metrics.get("carbon/co2e_g")).isCloseTo(TestMeasurements.co2eKg(m) * 1000, within(1e-9));
            assertThat(metrics.get("carbon/gpu_energy_kwh")).isCloseTo((200 + 201) * 30 / 3.6e6, within(1e-12));
            assertThat(metrics.get("carbon/cpu_energy_kwh")).isCloseTo(50 * 30 / 3.6e6, within(1e-12));
            assertThat(metrics.get("carbon/facility_energy_kwh")).isCloseTo(Measurement.joulesToKwh(m.facilityEnergyJoules()), within(1e-12));
            assertThat(metrics.get("carbon/intensity_g_per_kwh")).isCloseTo(400.0, within(1e-9));
            assertThat(metrics.get("carbon/duration_s")).isEqualTo(30.0);
            List<Metric> power = mlflow.reader().getMetricHistory(runId, "carbon/gpu_1_power_w");
            assertThat(power).hasSize(30);
            assertThat(power).extracting(Metric::getStep).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, 30).boxed().toList());
            assertThat(power).extracting(Metric::getValue).containsOnly(201.0);

            Map<String, String> tags = tags(stored);
            assertThat(tags).containsEntry("carbon.zone", "DE").containsEntry("carbon.intensity_kind", "yearly-average")
                    .containsEntry("carbon.pue", "1.2").containsEntry("carbon.method.gpu_0", "nvml-energy-counter")
                    .containsEntry("carbon.context.job", "nightly").containsEntry("carbon.context.build_number", "42")
                    .containsKey("carbon.meter_version").containsEntry("mlflow.source.name", "train.py");
            assertThat(tags.keySet()).as("no tag key per record").noneMatch(key -> key.startsWith("carbon.record."));
            // an auditor re-derives CO2e from the tags alone
            double rederived = metrics.get("carbon/energy_kwh") * Double.parseDouble(tags.get("carbon.pue"))
                    * Double.parseDouble(tags.get("carbon.intensity_g_per_kwh")) / 1000;
            assertThat(rederived).isCloseTo(metrics.get("carbon/co2e_kg"), within(1e-12));

            String report = new String(logger.client().getArtifact(stored.getInfo().getExperimentId(), runId,
                    tags.get("carbon.report")), StandardCharsets.UTF_8);
            assertThat(report).contains("<svg", "<polyline", "carbon.zone", "DE").doesNotContain("<script");
            String json = new String(logger.client().getArtifact(stored.getInfo().getExperimentId(), runId,
                    tags.get("carbon.report").replace("report.html", "measurement.json")), StandardCharsets.UTF_8);
            assertThat(json).contains("\"record_id\": \"" + record.recordId() + "\"", "\"co2e_kg\"");
            String summary = new String(logger.client().getArtifact(stored.getInfo().getExperimentId(), runId,
                    "carbon/records/" + record.recordId() + ".json"), StandardCharsets.UTF_8);
            assertThat(RecordSummary.parse(summary)).contains(RecordSummary.of(record));
        }
    }

    @Test
    void severalStagesAccumulateAndAReplayedRecordAddsNothing() {
        Instant start = now();
        Measurement train = TestMeasurements.gpuRun(start, 1, 20, 300);
        Measurement eval = TestMeasurements.gpuRun(start.plusSeconds(25), 1, 10, 100);
        try (CarbonRunLogger logger = logger()) {
            MlflowRun run = logger.openRun(RunTarget.create("carbon-stages", "pipeline", start.toEpochMilli()));
            CarbonRecord trainRecord = CarbonRecord.of(train, TestMeasurements.footprint(train)).withStage("train");
            CarbonRecord evalRecord = CarbonRecord.of(eval, TestMeasurements.footprint(eval)).withStage("eval");

            logger.log(run, trainRecord);
            logger.log(run, evalRecord);
            logger.log(run, trainRecord); // a replay: same record id

            String runId = run.runId().orElseThrow();
            Map<String, Double> metrics = latest(mlflow.reader().getRun(runId));
            double expected = TestMeasurements.co2eKg(train) + TestMeasurements.co2eKg(eval);
            assertThat(metrics.get("carbon/co2e_kg")).isCloseTo(expected, within(1e-12));
            assertThat(metrics.get("carbon/records")).isEqualTo(2.0);
            assertThat(metrics.get("carbon/stage/train/co2e_kg")).isCloseTo(TestMeasurements.co2eKg(train), within(1e-12));
            assertThat(metrics.get("carbon/stage/eval/co2e_kg")).isCloseTo(TestMeasurements.co2eKg(eval), within(1e-12));
            assertThat(metrics.get("carbon/duration_s")).isEqualTo(30.0);
            // the two stages draw one curve: eval's steps follow train's
            List<Metric> power = mlflow.reader().getMetricHistory(runId, "carbon/gpu_0_power_w");
            assertThat(power).hasSize(30);
            assertThat(power.stream().filter(p -> p.getValue() == 100.0).mapToLong(Metric::getStep).min().orElseThrow())
                    .isEqualTo(26);
        }
    }

    @Test
    void mlflowKilledMidDeliveryThenRestartedAndFlushedHoldsEveryRecordExactlyOnce() {
        Instant start = now();
        Measurement first = TestMeasurements.gpuRun(start, 8, 600, 250);   // 4800 points: several batches
        Measurement second = TestMeasurements.gpuRun(start.plusSeconds(600), 8, 60, 150);
        try (CarbonRunLogger logger = logger()) {
            MlflowRun run = logger.openRun(RunTarget.create("carbon-kill", "interrupted", start.toEpochMilli()));
            long killAt = logger.client().requestCount() + 5; // runs/get, artifact list, two log-batch calls, then it dies
            logger.client().setRequestListener((call, n) -> {
                if (n == killAt) {
                    mlflow.server().stop();
                }
            });

            CarbonRunLogger.Delivery interrupted = logger.log(run, CarbonRecord.of(first, TestMeasurements.footprint(first)));
            CarbonRunLogger.Delivery whileDown = logger.log(run, CarbonRecord.of(second, TestMeasurements.footprint(second)));
            CarbonRunLogger.Delivery endWhileDown = logger.endRun(run, RunStatus.FINISHED);

            assertThat(List.of(interrupted, whileDown, endWhileDown)).noneMatch(CarbonRunLogger.Delivery::delivered);
            assertThat(logger.spool().size()).isEqualTo(3);
            String runId = run.runId().orElseThrow();

            logger.client().setRequestListener((call, n) -> { });
            mlflow.server().restart();
            CarbonRunLogger.FlushReport report = logger.flush();
            CarbonRunLogger.FlushReport again = logger.flush();

            assertThat(report.delivered()).as(String.join("\n", report.errors())).isEqualTo(3);
            assertThat(report.remaining()).isZero();
            assertThat(again.delivered()).isZero();
            Run stored = mlflow.reader().getRun(runId);
            assertThat(stored.getInfo().getStatus().name()).isEqualTo("FINISHED");
            for (int gpu = 0; gpu < 8; gpu++) {
                assertThat(mlflow.reader().getMetricHistory(runId, "carbon/gpu_" + gpu + "_power_w"))
                        .as("gpu %d history", gpu).hasSize(660);
            }
            Map<String, Double> metrics = latest(stored);
            assertThat(metrics.get("carbon/records")).isEqualTo(2.0);
            assertThat(metrics.get("carbon/co2e_kg"))
                    .isCloseTo(TestMeasurements.co2eKg(first) + TestMeasurements.co2eKg(second), within(1e-9));
        }
    }

    @Test
    void aRunToCreateWhileMlflowIsDownIsCreatedOnceByTheFlush() {
        Instant start = now();
        Measurement m = TestMeasurements.gpuRun(start, 1, 5, 100);
        try (CarbonRunLogger logger = logger()) {
            mlflow.server().stop();
            MlflowRun run = logger.openRun(RunTarget.create("carbon-deferred", "offline", start.toEpochMilli()));
            logger.log(run, CarbonRecord.of(m, TestMeasurements.footprint(m)));
            long beforeEnd = System.currentTimeMillis();
            logger.endRun(run, RunStatus.FAILED);
            long afterEnd = System.currentTimeMillis();
            assertThat(run.runId()).isEmpty();
            mlflow.server().restart();
            long flushStarted = System.currentTimeMillis();

            assertThat(logger.flush().delivered()).isEqualTo(2);
            logger.flush();

            String experimentId = logger.findExperiment("carbon-deferred").orElseThrow();
            var runs = mlflow.reader().searchRuns(List.of(experimentId), "");
            assertThat(runs).hasSize(1);
            Run stored = mlflow.reader().getRun(runs.get(0).getRunId());
            assertThat(stored.getInfo().getStatus().name()).isEqualTo("FAILED");
            assertThat(stored.getInfo().getEndTime()).as("the real end, not the flush's time")
                    .isBetween(beforeEnd, afterEnd).isLessThan(flushStarted);
            assertThat(latest(stored).get("carbon/co2e_kg")).isCloseTo(TestMeasurements.co2eKg(m), within(1e-12));
        }
    }

    @Test
    void anUnmeasuredGpuLogsNothingAndEveryRunHasTheSameFixedSetOfTagKeys() {
        Instant start = now();
        Measurement cpuOnly = TestMeasurements.cpuOnlyRunWithUnmeasuredGpu(start, 20);
        Measurement gpu = TestMeasurements.gpuRun(start, 1, 20, 100);
        try (CarbonRunLogger logger = logger()) {
            MlflowRun twoRecords = logger.openRun(RunTarget.create("carbon-fixed-keys", "two", start.toEpochMilli()));
            MlflowRun oneRecord = logger.openRun(RunTarget.create("carbon-fixed-keys", "one", start.toEpochMilli()));
            logger.log(twoRecords, CarbonRecord.of(cpuOnly, TestMeasurements.footprint(cpuOnly)));
            logger.log(twoRecords, CarbonRecord.of(cpuOnly, TestMeasurements.footprint(cpuOnly)));
            logger.log(oneRecord, CarbonRecord.of(cpuOnly, TestMeasurements.footprint(cpuOnly)));

            Run two = mlflow.reader().getRun(twoRecords.runId().orElseThrow());
            Run one = mlflow.reader().getRun(oneRecord.runId().orElseThrow());
            assertThat(latest(two)).doesNotContainKey("carbon/gpu_energy_kwh").containsKey("carbon/cpu_energy_kwh");
            assertThat(latest(two).get("carbon/records")).isEqualTo(2.0);
            assertThat(carbonTagKeys(two)).as("one more record adds no tag key").isEqualTo(carbonTagKeys(one));

            MlflowRun withGpu = logger.openRun(RunTarget.create("carbon-fixed-keys", "gpu", start.toEpochMilli()));
            logger.log(withGpu, CarbonRecord.of(gpu, TestMeasurements.footprint(gpu)));
            assertThat(latest(mlflow.reader().getRun(withGpu.runId().orElseThrow())))
                    .containsEntry("carbon/gpu_energy_kwh", 100.0 * 20 / 3.6e6);
        }
    }

    private static java.util.Set<String> carbonTagKeys(Run run) {
        return tags(run).keySet().stream().filter(k -> k.startsWith("carbon.") && !k.equals(RunTarget.RUN_KEY_TAG))
                .collect(Collectors.toSet());
    }

    static Map<String, Double> latest(Run run) {
        return run.getData().getMetricsList().stream().collect(Collectors.toMap(Metric::getKey, Metric::getValue));
    }

    static Map<String, String> tags(Run run) {
        return run.getData().getTagsList().stream().collect(Collectors.toMap(RunTag::getKey, RunTag::getValue));
    }
}
