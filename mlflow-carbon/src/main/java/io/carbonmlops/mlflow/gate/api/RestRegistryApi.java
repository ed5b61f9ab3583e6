package io.carbonmlops.mlflow.gate.api;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowClient.Retry;
import io.carbonmlops.mlflow.client.MlflowCredentials;
import io.carbonmlops.mlflow.client.MlflowApiException;
import io.carbonmlops.mlflow.client.MlflowException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link RegistryApi} over the one {@link MlflowClient}: maps MLflow's JSON to the gate's records. Thread-safe; derive
 * per-caller views with {@link #withAuthorization(Optional)}. Closing it closes nothing: the client's owner does.
 */
public final class RestRegistryApi implements RegistryApi {
    private final MlflowClient client;

    public RestRegistryApi(MlflowClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    public MlflowClient client() {
        return client;
    }

    /** A view that reads and writes with a caller's {@code Authorization} header, or with none. */
    public RestRegistryApi withAuthorization(Optional<String> callerAuthorization) {
        return new RestRegistryApi(client.withCredentials(MlflowCredentials.ofHeader(callerAuthorization)));
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
        long created = mv.has("creation_timestamp") && mv.get("creation_timestamp").isJsonPrimitive()
                ? mv.get("creation_timestamp").getAsLong() : 0L;
        return new ModelVersionRecord(string(mv, "name", model), string(mv, "version", version),
                Optional.of(string(mv, "run_id", "")).filter(id -> !id.isBlank()), string(mv, "source", ""),
                Optional.of(string(mv, "model_id", "")).filter(id -> !id.isBlank()), Instant.ofEpochMilli(created),
                string(mv, "current_stage", "None"), aliases, keyValues(array(mv, "tags")));
    }

    @Override
    public Map<String, String> getRegisteredModelTags(String model) {
        JsonObject registered = client.get("registered-models/get", Map.of("name", model))
                .getAsJsonObject("registered_model");
        return registered == null ? Map.of() : keyValues(array(registered, "tags"));
    }

    @Override
    public Optional<String> loggedModelSourceRun(String modelId) {
        JsonObject answer;
        try {
            answer = client.get("logged-models/" + URLEncoder.encode(modelId, StandardCharsets.UTF_8), Map.of());
        } catch (MlflowApiException e) {
            if (e.isNotFound()) {
                return Optional.empty(); // MLflow 2 has no logged models; a deleted one names no run any more
            }
            throw e;
        }
        JsonObject model = answer.getAsJsonObject("model");
        JsonObject info = model == null ? null : model.getAsJsonObject("info");
        return info == null ? Optional.empty()
                : Optional.of(string(info, "source_run_id", "")).filter(id -> !id.isBlank());
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
