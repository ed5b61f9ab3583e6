package io.carbonmlops.jenkins.tracking;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a run back from MLflow the way a person would look at it: status, metrics, tags (also for the e2e tests). */
public record MlflowRunReader(String runId, String runName, String status, Map<String, Double> metrics,
        Map<String, String> tags, String experimentId) {

    public static MlflowRunReader read(String trackingUri, String runId) {
        try (MlflowClient client = new MlflowClient(MlflowConfig.of(trackingUri))) {
            return of(client.get("runs/get", Map.of("run_id", runId)).getAsJsonObject("run"));
        }
    }

    /** The runs of an experiment, newest first; empty when the experiment does not exist. */
    public static List<MlflowRunReader> search(String trackingUri, String experimentName) {
        try (MlflowClient client = new MlflowClient(MlflowConfig.of(trackingUri))) {
            JsonObject experiment;
            try {
                experiment = client.get("experiments/get-by-name", Map.of("experiment_name", experimentName));
            } catch (RuntimeException noSuchExperiment) {
                return List.of();
            }
            JsonObject query = new JsonObject();
            JsonArray ids = new JsonArray();
            ids.add(experiment.getAsJsonObject("experiment").get("experiment_id").getAsString());
            query.add("experiment_ids", ids);
            JsonArray order = new JsonArray();
            order.add("start_time DESC");
            query.add("order_by", order);
            query.addProperty("max_results", 1000);
            JsonObject found = client.post("runs/search", query, MlflowClient.Retry.SAFE);
            List<MlflowRunReader> runs = new ArrayList<>();
            if (found.has("runs")) {
                for (JsonElement run : found.getAsJsonArray("runs")) {
                    runs.add(of(run.getAsJsonObject()));
                }
            }
            return runs;
        }
    }

    private static MlflowRunReader of(JsonObject run) {
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
        return new MlflowRunReader(info.get("run_id").getAsString(),
                info.has("run_name") ? info.get("run_name").getAsString() : null, info.get("status").getAsString(),
                metrics, tags, info.get("experiment_id").getAsString());
    }
}
