package io.carbonmlops.mlflow;

import com.google.gson.JsonObject;

/**
 * One metric value as MLflow stores it. Timestamps are fixed when the record is built, never "now" at send time,
 * so that sending a point twice stores it once (the SQL store ignores an identical key/value/timestamp/step).
 */
public record MetricPoint(String key, double value, long timestampMillis, long step) {
    public MetricPoint {
        MetricKeys.requireValidKey(key);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("metric " + key + " must be finite, was " + value);
        }
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("key", key);
        json.addProperty("value", value);
        json.addProperty("timestamp", timestampMillis);
        json.addProperty("step", step);
        return json;
    }
}
