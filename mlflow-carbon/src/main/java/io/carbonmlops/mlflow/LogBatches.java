package io.carbonmlops.mlflow;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits metrics and tags into {@code runs/log-batch} bodies within MLflow's limits: at most 1000 metrics, 100 tags,
 * 1000 entities and 1,000,000 bytes a request (a margin is kept under the byte limit).
 */
public final class LogBatches {
    public static final int MAX_METRICS = 1000;
    public static final int MAX_TAGS = 100;
    public static final int MAX_ENTITIES = 1000;
    public static final int MAX_BYTES = 1_000_000;
    private static final int BYTE_BUDGET = MAX_BYTES - 10_000;

    private LogBatches() {}

    /** The request bodies, in order; tags go in the first bodies, metrics fill the rest. Empty input gives none. */
    public static List<JsonObject> split(String runId, List<MetricPoint> metrics, Map<String, String> tags) {
        List<JsonObject> bodies = new ArrayList<>();
        Batch batch = new Batch(runId);
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            JsonObject json = new JsonObject();
            json.addProperty("key", tag.getKey());
            json.addProperty("value", tag.getValue());
            int bytes = sizeOf(json);
            if (!batch.fitsTag(bytes)) {
                bodies.add(batch.body());
                batch = new Batch(runId);
            }
            batch.addTag(json, bytes);
        }
        for (MetricPoint point : metrics) {
            JsonObject json = point.toJson();
            int bytes = sizeOf(json);
            if (!batch.fitsMetric(bytes)) {
                bodies.add(batch.body());
                batch = new Batch(runId);
            }
            batch.addMetric(json, bytes);
        }
        if (!batch.isEmpty()) {
            bodies.add(batch.body());
        }
        return bodies;
    }

    private static int sizeOf(JsonObject json) {
        return json.toString().getBytes(StandardCharsets.UTF_8).length + 1;
    }

    private static final class Batch {
        private final String runId;
        private final JsonArray metrics = new JsonArray();
        private final JsonArray tags = new JsonArray();
        private int bytes = 100;

        Batch(String runId) {
            this.runId = runId;
        }

        boolean fitsTag(int size) {
            return tags.size() < MAX_TAGS && entities() < MAX_ENTITIES && bytes + size <= BYTE_BUDGET;
        }

        boolean fitsMetric(int size) {
            return metrics.size() < MAX_METRICS && entities() < MAX_ENTITIES && bytes + size <= BYTE_BUDGET;
        }

        void addTag(JsonObject tag, int size) {
            tags.add(tag);
            bytes += size;
        }

        void addMetric(JsonObject metric, int size) {
            metrics.add(metric);
            bytes += size;
        }

        int entities() {
            return metrics.size() + tags.size();
        }

        boolean isEmpty() {
            return entities() == 0;
        }

        JsonObject body() {
            JsonObject body = new JsonObject();
            body.addProperty("run_id", runId);
            body.add("metrics", metrics);
            body.add("params", new JsonArray());
            body.add("tags", tags);
            return body;
        }
    }
}
