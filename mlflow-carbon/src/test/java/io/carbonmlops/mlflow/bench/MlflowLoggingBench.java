package io.carbonmlops.mlflow.bench;

import com.google.gson.JsonObject;
import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.PowerSample;
import io.carbonmlops.mlflow.CarbonRecord;
import io.carbonmlops.mlflow.CarbonRunLogger;
import io.carbonmlops.mlflow.FootprintFigures;
import io.carbonmlops.mlflow.LogBatches;
import io.carbonmlops.mlflow.MetricPoint;
import io.carbonmlops.mlflow.MlflowRun;
import io.carbonmlops.mlflow.RunStatus;
import io.carbonmlops.mlflow.RunTarget;
import io.carbonmlops.mlflow.RunWrite;
import io.carbonmlops.mlflow.RunWriteBuilder;
import io.carbonmlops.mlflow.Spool;
import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowClient.Retry;
import io.carbonmlops.mlflow.client.MlflowConfig;
import io.carbonmlops.mlflow.testing.MlflowServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What logging one record to MLflow costs on the path the logger really takes, at the sizes it really sends: the
 * meter caps each device's power series at 1000 points, so one record of an 8-GPU node is at most 8000 points plus
 * tags, two artifacts (report, measurement JSON) and its summary. Against a real MLflow server (.venv, sqlite, one
 * worker) on loopback, each scenario once per round, rounds interleaved so drift on a shared machine hits all:
 * <ol>
 *   <li>{@code carbon measure}'s MLflow work: open a new run (experiment look-up, run-key search, create), log the
 *       record (run read, records list, batches, artifacts, summary, totals), end the run;</li>
 *   <li>a replay after a crash half way (half the batches already stored): the dedup path reads each power metric's
 *       history and sends only what is missing;</li>
 *   <li>a replay of a record already complete (a spool flush after a lost answer): run read, list, totals check;</li>
 *   <li>for scale, the same points sent one {@code runs/log-metric} per point, nothing else.</li>
 * </ol>
 * Reports requests, median wall time and this JVM's CPU per scenario, and ratios to scenario 1 side by side.
 * Run: {@code mvn -q -o -pl mlflow-carbon test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.carbonmlops.mlflow.bench.MlflowLoggingBench -Dcarbon.bench.rounds=3}.
 */
public final class MlflowLoggingBench {
    private static final int POINTS_PER_DEVICE = 1000;
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private MlflowLoggingBench() {}

    /** One scenario's figures over all rounds. */
    private record Figures(String name, long requests, long[] wallNanos, long[] cpuNanos) {
        double medianMillis() {
            long[] sorted = wallNanos.clone();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2] / 1e6;
        }

        double medianCpuMillis() {
            long[] sorted = cpuNanos.clone();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2] / 1e6;
        }
    }

    /** Does a scenario's untimed set-up and returns its timed part. */
    private interface Scenario {
        Runnable prepare(CarbonRunLogger logger, CarbonRecord record, int round);
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("carbon.bench.rounds", 3);
        try (MlflowServer server = MlflowServer.start();
                CarbonRunLogger logger = new CarbonRunLogger(new MlflowClient(MlflowConfig.of(server.trackingUri())),
                        new Spool(Files.createTempDirectory("carbon-bench-spool-")))) {
            System.out.printf("MLflow %s at %s, %d rounds; power series capped at %d points per device%n",
                    server.version(), server.trackingUri(), rounds, POINTS_PER_DEVICE);
            for (int gpus : new int[] {1, 8}) {
                CarbonRecord record = record(gpus);
                warmUp(logger, record);
                Map<String, Scenario> scenarios = new LinkedHashMap<>();
                scenarios.put("open run + log record + end run", MlflowLoggingBench::firstDelivery);
                scenarios.put("replay after a crash half way (dedup)", MlflowLoggingBench::replayHalfDelivered);
                scenarios.put("replay of a complete record", MlflowLoggingBench::replayComplete);
                scenarios.put("same points, one runs/log-metric each", MlflowLoggingBench::onePerPoint);
                Map<String, long[][]> samples = new LinkedHashMap<>();
                Map<String, Long> requests = new LinkedHashMap<>();
                for (int round = 0; round < rounds; round++) {
                    for (Map.Entry<String, Scenario> scenario : scenarios.entrySet()) {
                        Runnable timed = scenario.getValue().prepare(logger, record, round);
                        long before = logger.client().requestCount();
                        long cpu = PROCESS.getProcessCpuTime();
                        long start = System.nanoTime();
                        timed.run();
                        long[][] s = samples.computeIfAbsent(scenario.getKey(), k -> new long[2][rounds]);
                        s[0][round] = System.nanoTime() - start;
                        s[1][round] = PROCESS.getProcessCpuTime() - cpu;
                        requests.put(scenario.getKey(), logger.client().requestCount() - before);
                    }
                }
                List<Figures> figures = new ArrayList<>();
                samples.forEach((name, s) -> figures.add(new Figures(name, requests.get(name), s[0], s[1])));
                print(gpus, record, figures);
            }
        }
    }

    private static void print(int gpus, CarbonRecord record, List<Figures> figures) {
        int points = gpus * POINTS_PER_DEVICE;
        System.out.printf(Locale.ROOT, "%n%d GPU(s): one record of %d power points, %d batches%n", gpus, points,
                LogBatches.split("r", powerPoints(record), Map.of()).size());
        System.out.println("scenario                                   requests   median ms   x first   JVM CPU ms");
        double first = figures.get(0).medianMillis();
        for (Figures f : figures) {
            System.out.printf(Locale.ROOT, "%-42s %8d %11.1f %9.2f %12.1f%n", f.name(), f.requests(), f.medianMillis(),
                    f.medianMillis() / first, f.medianCpuMillis());
        }
    }

    private static void warmUp(CarbonRunLogger logger, CarbonRecord record) {
        for (int i = 0; i < 2; i++) {
            firstDelivery(logger, record, -1 - i).run();
        }
    }

    private static Runnable firstDelivery(CarbonRunLogger logger, CarbonRecord record, int round) {
        return () -> {
            MlflowRun run = logger.openRun(RunTarget.create("carbon-logging-bench", "first-" + round,
                    record.measurement().startedAt().toEpochMilli()).withSourceName("bench.py"));
            check(logger.log(run, fresh(record)));
            check(logger.endRun(run, RunStatus.FINISHED));
        };
    }

    private static Runnable replayHalfDelivered(CarbonRunLogger logger, CarbonRecord record, int round) {
        CarbonRecord fresh = fresh(record);
        MlflowRun run = newRun(logger, "half-" + round, fresh);
        RunWrite write = RunWriteBuilder.build(logger.client().config().trackingUri().toString(), run.target(),
                run.startTimeMillis().orElseThrow(), fresh);
        List<JsonObject> batches = LogBatches.split(run.runId().orElseThrow(), write.metrics(), write.tags());
        for (JsonObject batch : batches.subList(0, (batches.size() + 1) / 2)) {
            logger.client().post("runs/log-batch", batch, Retry.SAFE); // what reached MLflow before the crash
        }
        return () -> check(logger.log(run, fresh));
    }

    private static Runnable replayComplete(CarbonRunLogger logger, CarbonRecord record, int round) {
        CarbonRecord fresh = fresh(record);
        MlflowRun run = newRun(logger, "complete-" + round, fresh);
        check(logger.log(run, fresh));
        return () -> check(logger.log(run, fresh));
    }

    private static Runnable onePerPoint(CarbonRunLogger logger, CarbonRecord record, int round) {
        MlflowRun run = newRun(logger, "per-point-" + round, record);
        return () -> onePerPoint(logger, record, run);
    }

    private static void onePerPoint(CarbonRunLogger logger, CarbonRecord record, MlflowRun run) {
        for (MetricPoint point : powerPoints(record)) {
            JsonObject body = new JsonObject();
            body.addProperty("run_id", run.runId().orElseThrow());
            body.addProperty("key", point.key());
            body.addProperty("value", point.value());
            body.addProperty("timestamp", point.timestampMillis());
            body.addProperty("step", point.step());
            logger.client().post("runs/log-metric", body, Retry.SAFE);
        }
    }

    private static MlflowRun newRun(CarbonRunLogger logger, String name, CarbonRecord record) {
        return logger.openRun(RunTarget.create("carbon-logging-bench", name,
                record.measurement().startedAt().toEpochMilli()));
    }

    private static CarbonRecord fresh(CarbonRecord record) {
        return new CarbonRecord(CarbonRecord.newId(), record.stage(), record.measurement(), record.footprint(),
                record.context());
    }

    private static List<MetricPoint> powerPoints(CarbonRecord record) {
        return RunWriteBuilder.build("http://x", RunTarget.existing("r"), record.measurement().startedAt().toEpochMilli(),
                record).metrics();
    }

    private static void check(CarbonRunLogger.Delivery delivery) {
        if (!delivery.delivered()) {
            throw new IllegalStateException("not delivered: " + delivery.error().orElse("?"));
        }
    }

    /** An hour on {@code gpus} GPUs, each series at the meter's cap; a CPU and RAM estimate; 380 g/kWh. */
    private static CarbonRecord record(int gpus) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
        List<DeviceMeasurement> devices = new ArrayList<>();
        for (int gpu = 0; gpu < gpus; gpu++) {
            List<PowerSample> series = new ArrayList<>();
            for (int i = 0; i < POINTS_PER_DEVICE; i++) {
                series.add(new PowerSample(i * 3.6, 300 + 100 * Math.sin(i / 40.0 + gpu)));
            }
            devices.add(new DeviceMeasurement(new DeviceId(DeviceKind.GPU, gpu, "GPU-bench-" + gpu, "NVIDIA H100"),
                    300.0 * 3600, MeasurementMethod.NVML_ENERGY_COUNTER, 300, 400, series, false));
        }
        devices.add(new DeviceMeasurement(new DeviceId(DeviceKind.CPU, 0, null, "package-0"), 120.0 * 3600,
                MeasurementMethod.RAPL, 120, 180, List.of(), false));
        Measurement m = new Measurement(start, start.plus(Duration.ofHours(1)), Duration.ofHours(1), devices, 1.2,
                List.of());
        Optional<FootprintFigures> footprint = Optional.of(FootprintFigures.locationBased(
                Measurement.joulesToKwh(m.facilityEnergyJoules()), 380.0, "DE", "table: bench", "yearly-average"));
        return new CarbonRecord(CarbonRecord.newId(), Optional.empty(), m, footprint,
                Map.of("job", "bench", "build_number", "1"));
    }
}
