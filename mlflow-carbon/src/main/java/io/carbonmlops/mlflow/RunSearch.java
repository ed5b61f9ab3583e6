package io.carbonmlops.mlflow;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.carbonmlops.mlflow.MlflowRestClient.Retry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the active runs of an experiment with their latest metrics and tags ({@code runs/search}, paged). */
public final class RunSearch {
    private static final int PAGE_SIZE = 1000;

    private final MlflowRestClient client;

    public RunSearch(MlflowRestClient client) {
        this.client = client;
    }

    /** One run as the experiment table shows it. */
    public record RunRow(String runId, String runName, String status, Map<String, Double> metrics, Map<String, String> tags) {}

    /**
     * @throws MlflowApiException with {@code RESOURCE_DOES_NOT_EXIST} when there is no such experiment
     */
    public String experimentId(String experimentName) {
        return client.get("experiments/get-by-name", Map.of("experiment_name", experimentName))
                .getAsJsonObject("experiment").get("experiment_id").getAsString();
    }

    public List<RunRow> runs(String experimentId) {
        List<RunRow> rows = new ArrayList<>();
        String pageToken = null;
        do {
            JsonObject search = new JsonObject();
            JsonArray ids = new JsonArray();
            ids.add(experimentId);
            search.add("experiment_ids", ids);
            search.addProperty("run_view_type", "ACTIVE_ONLY");
            search.addProperty("max_results", PAGE_SIZE);
            if (pageToken != null) {
                search.addProperty("page_token", pageToken);
            }
            JsonObject page = client.post("runs/search", search, Retry.SAFE);
            if (page.has("runs")) {
                for (JsonElement run : page.getAsJsonArray("runs")) {
                    rows.add(row(run.getAsJsonObject()));
                }
            }
            pageToken = page.has("next_page_token") ? page.get("next_page_token").getAsString() : null;
        } while (pageToken != null && !pageToken.isEmpty());
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
