package io.carbonmlops.mlflow.gate;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** Creates experiments, runs with carbon metrics, registered models and versions through MLflow's real REST API. */
public final class MlflowSeed {
    private final String base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public MlflowSeed(String trackingUri) {
        this(trackingUri, null);
    }

    public MlflowSeed(String trackingUri, String authorization) {
        this.base = trackingUri + "/api/2.0/mlflow/";
        this.authorization = authorization;
    }

    public String experiment(String name) {
        JsonObject body = new JsonObject();
        body.addProperty("name", name);
        return post("experiments/create", body).get("experiment_id").getAsString();
    }

    public String run(String experimentId, String name, Map<String, String> tags) {
        JsonObject body = new JsonObject();
        body.addProperty("experiment_id", experimentId);
        body.addProperty("run_name", name);
        body.addProperty("start_time", System.currentTimeMillis());
        JsonArray tagArray = new JsonArray();
        tags.forEach((key, value) -> {
            JsonObject tag = new JsonObject();
            tag.addProperty("key", key);
            tag.addProperty("value", value);
            tagArray.add(tag);
        });
        body.add("tags", tagArray);
        return post("runs/create", body).getAsJsonObject("run").getAsJsonObject("info").get("run_id").getAsString();
    }

    /** A finished run carrying {@code carbon/co2e_kg} (when not null). */
    public String runWithCo2e(String experimentId, String name, Double co2eKg, Map<String, String> tags) {
        String runId = run(experimentId, name, tags);
        if (co2eKg != null) {
            logMetric(runId, "carbon/co2e_kg", co2eKg);
        }
        return runId;
    }

    public void logMetric(String runId, String key, double value) {
        JsonObject body = new JsonObject();
        body.addProperty("run_id", runId);
        body.addProperty("key", key);
        if (Double.isFinite(value)) {
            body.addProperty("value", value);
        } else {
            // proto3 JSON spells these as strings; MLflow reads a bare NaN token as 0.0
            body.addProperty("value", Double.toString(value));
        }
        body.addProperty("timestamp", System.currentTimeMillis());
        body.addProperty("step", 0);
        post("runs/log-metric", body);
    }

    public void registeredModel(String name) {
        JsonObject body = new JsonObject();
        body.addProperty("name", name);
        post("registered-models/create", body);
    }

    /** Registers a version from a run; returns its version number. */
    public String version(String model, String runId) {
        JsonObject body = new JsonObject();
        body.addProperty("name", model);
        body.addProperty("source", "runs:/" + runId + "/model");
        body.addProperty("run_id", runId);
        return post("model-versions/create", body).getAsJsonObject("model_version").get("version").getAsString();
    }

    /** Registers a version with any run id, source and MLflow 3 logged model id (null: left out). */
    public String version(String model, String runId, String source, String modelId) {
        JsonObject body = new JsonObject();
        body.addProperty("name", model);
        body.addProperty("source", source);
        if (runId != null) {
            body.addProperty("run_id", runId);
        }
        if (modelId != null) {
            body.addProperty("model_id", modelId);
        }
        return post("model-versions/create", body).getAsJsonObject("model_version").get("version").getAsString();
    }

    /** An MLflow 3 logged model made by {@code sourceRunId}; returns its model id. */
    public String loggedModel(String experimentId, String sourceRunId) {
        JsonObject body = new JsonObject();
        body.addProperty("experiment_id", experimentId);
        body.addProperty("name", "model");
        body.addProperty("source_run_id", sourceRunId);
        return post("logged-models", body).getAsJsonObject("model").getAsJsonObject("info").get("model_id")
                .getAsString();
    }

    public void setRunTag(String runId, String key, String value) {
        JsonObject body = new JsonObject();
        body.addProperty("run_id", runId);
        body.addProperty("key", key);
        body.addProperty("value", value);
        post("runs/set-tag", body);
    }

    public void deleteRegisteredModel(String name) {
        JsonObject body = new JsonObject();
        body.addProperty("name", name);
        send(HttpRequest.newBuilder(URI.create(base + "registered-models/delete"))
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body.toString())), "registered-models/delete");
    }

    public void deleteModelVersionTag(String model, String version, String key) {
        JsonObject body = new JsonObject();
        body.addProperty("name", model);
        body.addProperty("version", version);
        body.addProperty("key", key);
        send(HttpRequest.newBuilder(URI.create(base + "model-versions/delete-tag"))
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body.toString())), "model-versions/delete-tag");
    }

    public JsonObject modelVersion(String model, String version) {
        return get("model-versions/get", Map.of("name", model, "version", version)).getAsJsonObject("model_version");
    }

    public String stage(String model, String version) {
        return modelVersion(model, version).get("current_stage").getAsString();
    }

    public JsonArray aliases(String model, String version) {
        JsonObject mv = modelVersion(model, version);
        return mv.has("aliases") ? mv.getAsJsonArray("aliases") : new JsonArray();
    }

    public Map<String, String> versionTags(String model, String version) {
        JsonObject mv = modelVersion(model, version);
        if (!mv.has("tags")) {
            return Map.of();
        }
        return mv.getAsJsonArray("tags").asList().stream().map(e -> e.getAsJsonObject())
                .collect(Collectors.toMap(t -> t.get("key").getAsString(), t -> t.get("value").getAsString()));
    }

    public double latestMetric(String runId, String key) {
        JsonObject run = get("runs/get", Map.of("run_id", runId)).getAsJsonObject("run");
        return run.getAsJsonObject("data").getAsJsonArray("metrics").asList().stream()
                .map(e -> e.getAsJsonObject()).filter(m -> m.get("key").getAsString().equals(key))
                .findFirst().orElseThrow().get("value").getAsDouble();
    }

    private JsonObject get(String endpoint, Map<String, String> query) {
        String q = query.entrySet().stream().map(e -> e.getKey() + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + endpoint + "?" + q)).GET(), endpoint);
    }

    private JsonObject post(String endpoint, JsonObject body) {
        return send(HttpRequest.newBuilder(URI.create(base + endpoint))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), endpoint);
    }

    private JsonObject send(HttpRequest.Builder builder, String endpoint) {
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(builder.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(endpoint + " failed: " + response.statusCode() + " " + response.body());
            }
            return response.body().isBlank() ? new JsonObject() : JsonParser.parseString(response.body())
                    .getAsJsonObject();
        } catch (IOException e) {
            throw new IllegalStateException(endpoint + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
