package io.carbonmlops.mlflow.gate.api;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowClient.Retry;
import io.carbonmlops.mlflow.client.MlflowCredentials;
import io.carbonmlops.mlflow.client.MlflowException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link RegistryApi} over the one {@link MlflowClient}: maps MLflow's JSON to the gate's records. Thread-safe; derive
 * per-caller views with {@link #withAuthorization(Optional)}. Closing it closes nothing: the client's owner does.
 */
public final class RestRegistryApi implements RegistryApi {
    static final int PAGE_SIZE = 1000;

    private final MlflowClient client;
    private final int pageSize;

    public RestRegistryApi(MlflowClient client) {
        this(client, PAGE_SIZE);
    }

    /** @param pageSize runs or experiments asked for per search request (1000 by default) */
    public RestRegistryApi(MlflowClient client, int pageSize) {
        this.client = Objects.requireNonNull(client, "client");
        this.pageSize = pageSize;
    }

    public MlflowClient client() {
        return client;
    }

    /** A view that reads and writes with a caller's {@code Authorization} header, or with none. */
    public RestRegistryApi withAuthorization(Optional<String> callerAuthorization) {
        return new RestRegistryApi(client.withCredentials(MlflowCredentials.ofHeader(callerAuthorization)), pageSize);
    }

    @Override
    public ModelVersionRecord getModelVersion(String model, String version) {
        JsonObject mv = client.get("model-versions/get", Map.of("name", model, "version", version))
                .getAsJsonObject("model_version");
        if (mv == null) {
            throw new MlflowException("GET model-versions/get answered without a model_version");
        }
        List<String> aliases = new ArrayList<>();
        for (JsonElement alias : array(mv, "aliases")) {
            aliases.add(alias.getAsString());
        }
        return new ModelVersionRecord(string(mv, "name", model), string(mv, "version", version),
                Optional.of(string(mv, "run_id", "")).filter(id -> !id.isBlank()),
                string(mv, "current_stage", "None"), aliases, keyValues(array(mv, "tags")));
    }

    @Override
    public Map<String, String> getRegisteredModelTags(String model) {
        JsonObject registered = client.get("registered-models/get", Map.of("name", model))
                .getAsJsonObject("registered_model");
        return registered == null ? Map.of() : keyValues(array(registered, "tags"));
    }

    @Override
    public RunRecord getRun(String runId) {
        JsonObject run = client.get("runs/get", Map.of("run_id", runId)).getAsJsonObject("run");
        if (run == null) {
            throw new MlflowException("GET runs/get answered without a run");
        }
        return toRun(run);
    }

    @Override
    public List<RunRecord> searchRuns(List<String> experimentIds, String filter, int limit) {
        List<RunRecord> runs = new ArrayList<>();
        if (limit > 0) {
            searchRuns(experimentIds, filter, Math.min(pageSize, limit), run -> {
                runs.add(run);
                return runs.size() < limit;
            });
        }
        return runs;
    }

    @Override
    public void forEachRun(List<String> experimentIds, String filter, Consumer<RunRecord> run) {
        searchRuns(experimentIds, filter, pageSize, record -> {
            run.accept(record);
            return true;
        });
    }

    private void searchRuns(List<String> experimentIds, String filter, int page,
            java.util.function.Predicate<RunRecord> run) {
        if (experimentIds.isEmpty()) {
            return;
        }
        JsonObject request = new JsonObject();
        JsonArray ids = new JsonArray();
        experimentIds.forEach(ids::add);
        request.add("experiment_ids", ids);
        request.addProperty("filter", filter);
        request.addProperty("run_view_type", "ALL");
        client.forEachPage("runs/search", request, "runs", page, json -> run.test(toRun(json)));
    }

    @Override
    public List<String> experimentIds() {
        JsonObject request = new JsonObject();
        request.addProperty("view_type", "ALL");
        List<String> ids = new ArrayList<>();
        client.forEachPage("experiments/search", request, "experiments", pageSize,
                experiment -> ids.add(string(experiment, "experiment_id", "")));
        return ids;
    }

    @Override
    public void setModelVersionTag(String model, String version, String key, String value) {
        JsonObject request = new JsonObject();
        request.addProperty("name", model);
        request.addProperty("version", version);
        request.addProperty("key", key);
        request.addProperty("value", value);
        client.post("model-versions/set-tag", request, Retry.SAFE);
    }

    @Override
    public void transitionStage(String model, String version, String stage, boolean archiveExistingVersions) {
        JsonObject request = new JsonObject();
        request.addProperty("name", model);
        request.addProperty("version", version);
        request.addProperty("stage", stage);
        request.addProperty("archive_existing_versions", archiveExistingVersions);
        client.post("model-versions/transition-stage", request, Retry.NEVER); // archives others: not repeated blindly
    }

    @Override
    public void setAlias(String model, String alias, String version) {
        JsonObject request = new JsonObject();
        request.addProperty("name", model);
        request.addProperty("alias", alias);
        request.addProperty("version", version);
        client.post("registered-models/alias", request, Retry.SAFE);
    }

    private static RunRecord toRun(JsonObject run) {
        JsonObject info = run.has("info") ? run.getAsJsonObject("info") : new JsonObject();
        JsonObject data = run.has("data") ? run.getAsJsonObject("data") : new JsonObject();
        Map<String, Double> metrics = new HashMap<>();
        for (JsonElement metric : array(data, "metrics")) {
            JsonObject m = metric.getAsJsonObject();
            if (m.has("key") && m.has("value") && m.get("value").isJsonPrimitive()) {
                // NaN and infinities (MLflow sends them as strings) are kept, unreadable values read as NaN: the
                // gate refuses a figure it cannot judge, where dropping it would hide the run's emissions
                metrics.put(m.get("key").getAsString(), parseDouble(m.get("value").getAsString()));
            }
        }
        String runId = string(info, "run_id", string(info, "run_uuid", ""));
        long startTime = info.has("start_time") ? info.get("start_time").getAsLong() : 0L;
        return new RunRecord(runId, string(info, "experiment_id", ""), string(info, "run_name", ""),
                string(info, "lifecycle_stage", "active"), startTime, metrics, keyValues(array(data, "tags")));
    }

    private static double parseDouble(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static Map<String, String> keyValues(JsonArray entries) {
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonElement entry : entries) {
            JsonObject kv = entry.getAsJsonObject();
            if (kv.has("key")) {
                values.put(kv.get("key").getAsString(), string(kv, "value", ""));
            }
        }
        return values;
    }

    private static JsonArray array(JsonObject object, String key) {
        JsonElement value = object.get(key);
        return value != null && value.isJsonArray() ? value.getAsJsonArray() : new JsonArray();
    }

    private static String string(JsonObject object, String key, String fallback) {
        JsonElement value = object.get(key);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : fallback;
    }
}
