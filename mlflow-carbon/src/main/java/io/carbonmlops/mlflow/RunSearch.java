package io.carbonmlops.mlflow;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.carbonmlops.mlflow.client.MlflowClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the active runs of an experiment with their latest metrics and tags ({@code runs/search}, paged). */
public final class RunSearch {
    private static final int PAGE_SIZE = 1000;

    private final MlflowClient client;

    public RunSearch(MlflowClient client) {
        this.client = client;
    }

    /** One run as the experiment table shows it. */
    public record RunRow(String runId, String runName, String status, Map<String, Double> metrics, Map<String, String> tags) {}

    /**
     * @throws io.carbonmlops.mlflow.client.MlflowApiException with {@code RESOURCE_DOES_NOT_EXIST} when there is no such experiment
     */
    public String experimentId(String experimentName) {
        return client.get("experiments/get-by-name", Map.of("experiment_name", experimentName))
                .getAsJsonObject("experiment").get("experiment_id").getAsString();
    }

    public List<RunRow> runs(String experimentId) {
        JsonObject search = new JsonObject();
        JsonArray ids = new JsonArray();
        ids.add(experimentId);
        search.add("experiment_ids", ids);
        search.addProperty("run_view_type", "ACTIVE_ONLY");
        List<RunRow> rows = new ArrayList<>();
        client.forEachPage("runs/search", search, "runs", PAGE_SIZE, run -> rows.add(row(run)));
        return rows;
    }

    private static RunRow row(JsonObject run) {
        JsonObject info = run.getAsJsonObject("info");
        JsonObject data = run.has("data") ? run.getAsJsonObject("data") : new JsonObject();
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (data.has("metrics")) {
            for (JsonElement m : data.getAsJsonArray("metrics")) {
                JsonObject metric = m.getAsJsonObject();
                metrics.put(metric.get("key").getAsString(), metric.get("value").getAsDouble());
            }
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (data.has("tags")) {
            for (JsonElement t : data.getAsJsonArray("tags")) {
                JsonObject tag = t.getAsJsonObject();
                tags.put(tag.get("key").getAsString(), tag.has("value") ? tag.get("value").getAsString() : "");
            }
        }
        String name = info.has("run_name") ? info.get("run_name").getAsString() : info.get("run_id").getAsString();
        return new RunRow(info.get("run_id").getAsString(), name,
                info.has("status") ? info.get("status").getAsString() : "", metrics, tags);
    }
}
