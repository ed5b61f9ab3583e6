package io.carbonmlops.jenkins.tracking;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowConfig;
import java.util.HashMap;
import java.util.Map;

/** Reads a run back from MLflow the way a person would look at it: status, metrics, tags. */
record MlflowRunReader(String status, Map<String, Double> metrics, Map<String, String> tags, String experimentId) {

    static MlflowRunReader read(String trackingUri, String runId) {
        try (MlflowClient client = new MlflowClient(MlflowConfig.of(trackingUri))) {
            JsonObject run = client.get("runs/get", Map.of("run_id", runId)).getAsJsonObject("run");
            JsonObject data = run.getAsJsonObject("data");
            Map<String, Double> metrics = new HashMap<>();
            if (data.has("metrics")) {
                for (JsonElement m : data.getAsJsonArray("metrics")) {
                    metrics.put(m.getAsJsonObject().get("key").getAsString(), m.getAsJsonObject().get("value").getAsDouble());
                }
            }
            Map<String, String> tags = new HashMap<>();
            if (data.has("tags")) {
                for (JsonElement t : data.getAsJsonArray("tags")) {
                    tags.put(t.getAsJsonObject().get("key").getAsString(), t.getAsJsonObject().get("value").getAsString());
                }
            }
            JsonObject info = run.getAsJsonObject("info");
            return new MlflowRunReader(info.get("status").getAsString(), metrics, tags, info.get("experiment_id").getAsString());
        }
    }
}
