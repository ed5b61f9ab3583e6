package io.carbonmlops.mlflow;

import com.google.gson.JsonObject;
import io.carbonmlops.mlflow.MlflowRestClient.Retry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Logging a GPU power history to MLflow batched ({@code runs/log-batch} within its limits) against one
 * {@code runs/log-metric} call per point, side by side on the same server, each into its own run of one experiment.
 */
public final class LoggingBenchmark {
    private final CarbonRunLogger logger;

    public LoggingBenchmark(CarbonRunLogger logger) {
        this.logger = logger;
    }

    /** Requests made and wall time of one way of logging. */
    public record Figures(String mode, int points, long requests, double seconds, String runId) {
        public double pointsPerSecond() {
            return points / seconds;
        }
    }

    /** {@code gpus} × {@code seconds} points at 1 Hz (8 × 3600 = 28,800 for an hour of an 8-GPU node). */
    public static List<MetricPoint> powerHistory(int gpus, int seconds, long startMillis) {
        List<MetricPoint> points = new ArrayList<>(gpus * seconds);
        for (int gpu = 0; gpu < gpus; gpu++) {
            for (int s = 0; s < seconds; s++) {
                double watts = 300 + 100 * Math.sin(s / 60.0 + gpu);
                points.add(new MetricPoint(MetricKeys.gpuPower(gpu), watts, startMillis + s * 1000L, s));
            }
        }
        return points;
    }

    public Figures batched(String experimentId, List<MetricPoint> points) {
        String runId = newRun(experimentId, "bench-batched");
        long before = logger.client().requestCount();
        long start = System.nanoTime();
        for (JsonObject body : LogBatches.split(runId, points, Map.of())) {
            logger.client().post("runs/log-batch", body, Retry.SAFE);
        }
        return figures("batched (runs/log-batch)", points.size(), before, start, runId);
    }

    public Figures onePerPoint(String experimentId, List<MetricPoint> points) {
        String runId = newRun(experimentId, "bench-one-call-per-point");
        long before = logger.client().requestCount();
        long start = System.nanoTime();
        for (MetricPoint point : points) {
            JsonObject body = new JsonObject();
            body.addProperty("run_id", runId);
            body.addProperty("key", point.key());
            body.addProperty("value", point.value());
            body.addProperty("timestamp", point.timestampMillis());
            body.addProperty("step", point.step());
            logger.client().post("runs/log-metric", body, Retry.SAFE);
        }
        return figures("one call per point (runs/log-metric)", points.size(), before, start, runId);
    }

    private Figures figures(String mode, int points, long requestsBefore, long startNanos, String runId) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return new Figures(mode, points, logger.client().requestCount() - requestsBefore, seconds, runId);
    }

    private String newRun(String experimentId, String name) {
        JsonObject create = new JsonObject();
        create.addProperty("experiment_id", experimentId);
        create.addProperty("run_name", name);
        create.addProperty("start_time", Instant.now().toEpochMilli());
        return logger.client().post("runs/create", create, Retry.NEVER).getAsJsonObject("run").getAsJsonObject("info")
                .get("run_id").getAsString();
    }
}
