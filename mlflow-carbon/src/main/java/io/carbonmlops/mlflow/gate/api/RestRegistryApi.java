package io.carbonmlops.mlflow.gate.api;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.carbonmlops.mlflow.MlflowConfig;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.net.URIBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * {@link RegistryApi} over MLflow's REST API 2.0 (HttpClient 5 + Gson), with connect and read timeouts and no
 * retries: the gate's callers decide whether to try again. Thread-safe; share one per process and derive per-caller
 * views with {@link #withAuthorization(Optional)}.
 */
public final class RestRegistryApi implements RegistryApi, Closeable {
    private static final int PAGE_SIZE = 1000;

    private final CloseableHttpClient http;
    private final String apiBase;
    private final Optional<String> authorization;
    private final boolean ownsClient;

    private RestRegistryApi(CloseableHttpClient http, String apiBase, Optional<String> authorization,
            boolean ownsClient) {
        this.http = http;
        this.apiBase = apiBase;
        this.authorization = authorization;
        this.ownsClient = ownsClient;
    }

    /**
     * @param trackingUri   MLflow server, e.g. {@code http://127.0.0.1:5000}
     * @param authorization value for the {@code Authorization} header, if the server needs one
     * @param timeout       connect and read timeout of each call
     */
    public static RestRegistryApi create(URI trackingUri, Optional<String> authorization, Duration timeout) {
        Objects.requireNonNull(trackingUri, "trackingUri");
        if (trackingUri.getRawUserInfo() != null) { // checked first: the messages below show the URI
            throw new IllegalArgumentException("put MLflow credentials in " + MlflowConfig.TRACKING_USERNAME + "/"
                    + MlflowConfig.TRACKING_PASSWORD + " or " + MlflowConfig.TRACKING_TOKEN + ", not in the tracking URI"
                    + " (it would appear in error messages)");
        }
        String scheme = trackingUri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("the MLflow tracking URI must be http(s)://host:port, was " + trackingUri);
        }
        Timeout limit = Timeout.of(timeout);
        CloseableHttpClient http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(limit).setSocketTimeout(limit).build())
                        .setMaxConnTotal(32).setMaxConnPerRoute(32)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(limit).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .build();
        String base = trackingUri.toString().replaceAll("/+$", "") + "/api/2.0/mlflow/";
        return new RestRegistryApi(http, base, authorization, true);
    }

    /** A client for the server, credentials and response timeout of an {@link MlflowConfig}. */
    public static RestRegistryApi create(MlflowConfig config) {
        return create(config.trackingUri(), config.authorizationHeader(), config.responseTimeout());
    }

    /**
     * The {@code Authorization} header MLflow clients derive from the environment: {@code MLFLOW_TRACKING_TOKEN}
     * (bearer), else {@code MLFLOW_TRACKING_USERNAME} with {@code MLFLOW_TRACKING_PASSWORD} (basic).
     */
    public static Optional<String> authorizationFromEnvironment(Map<String, String> env) {
        String token = env.get("MLFLOW_TRACKING_TOKEN");
        if (token != null && !token.isBlank()) {
            return Optional.of("Bearer " + token);
        }
        String user = env.get("MLFLOW_TRACKING_USERNAME");
        String password = env.get("MLFLOW_TRACKING_PASSWORD");
        if (user != null && !user.isBlank() && password != null) {
            String pair = user + ":" + password;
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }

    /** A view sharing this client's connections that sends another {@code Authorization} header (or none). */
    public RestRegistryApi withAuthorization(Optional<String> otherAuthorization) {
        return new RestRegistryApi(http, apiBase, otherAuthorization, false);
    }

    @Override
    public ModelVersionRecord getModelVersion(String model, String version) {
        JsonObject body = get("model-versions/get", Map.of("name", model, "version", version));
        JsonObject mv = body.getAsJsonObject("model_version");
        if (mv == null) {
            throw new MlflowApiException(502, "BAD_RESPONSE", "model-versions/get answered without a model_version");
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
        JsonObject body = get("registered-models/get", Map.of("name", model));
        JsonObject registered = body.getAsJsonObject("registered_model");
        return registered == null ? Map.of() : keyValues(array(registered, "tags"));
    }

    @Override
    public RunRecord getRun(String runId) {
        JsonObject run = get("runs/get", Map.of("run_id", runId)).getAsJsonObject("run");
        if (run == null) {
            throw new MlflowApiException(502, "BAD_RESPONSE", "runs/get answered without a run");
        }
        return toRun(run);
    }

    @Override
    public List<RunRecord> searchRuns(List<String> experimentIds, String filter, int limit) {
        if (experimentIds.isEmpty()) {
            return new ArrayList<>();
        }
        JsonObject request = new JsonObject();
        JsonArray ids = new JsonArray();
        experimentIds.forEach(ids::add);
        request.add("experiment_ids", ids);
        request.addProperty("filter", filter);
        request.addProperty("run_view_type", "ALL");
        List<RunRecord> runs = new ArrayList<>();
        forEachPage("runs/search", request, "runs", limit, run -> runs.add(toRun(run.getAsJsonObject())));
        return runs;
    }

    @Override
    public List<String> experimentIds() {
        JsonObject request = new JsonObject();
        request.addProperty("view_type", "ALL");
        List<String> ids = new ArrayList<>();
        forEachPage("experiments/search", request, "experiments", Integer.MAX_VALUE,
                experiment -> ids.add(string(experiment.getAsJsonObject(), "experiment_id", "")));
        return ids;
    }

    /** POSTs a search page by page (MLflow's {@code page_token}) and hands on each item, at most {@code limit}. */
    private void forEachPage(String endpoint, JsonObject request, String itemsField, int limit,
            Consumer<JsonElement> item) {
        int seen = 0;
        String pageToken = "";
        do {
            request.addProperty("max_results", Math.min(PAGE_SIZE, limit - seen));
            if (!pageToken.isEmpty()) {
                request.addProperty("page_token", pageToken);
            }
            JsonObject page = post(endpoint, request);
            for (JsonElement element : array(page, itemsField)) {
                item.accept(element);
                seen++;
            }
            pageToken = string(page, "next_page_token", "");
        } while (!pageToken.isEmpty() && seen < limit);
    }

    @Override
    public void setModelVersionTag(String model, String version, String key, String value) {
        JsonObject request = new JsonObject();
        request.addProperty("name", model);
        request.addProperty("version", version);
        request.addProperty("key", key);
        request.addProperty("value", value);
        post("model-versions/set-tag", request);
    }

    @Override
    public void transitionStage(String model, String version, String stage, boolean archiveExistingVersions) {
        JsonObject request = new JsonObject();
        request.addProperty("name", model);
        request.addProperty("version", version);
        request.addProperty("stage", stage);
        request.addProperty("archive_existing_versions", archiveExistingVersions);
        post("model-versions/transition-stage", request);
    }

    @Override
    public void setAlias(String model, String alias, String version) {
        JsonObject request = new JsonObject();
        request.addProperty("name", model);
        request.addProperty("alias", alias);
        request.addProperty("version", version);
        post("registered-models/alias", request);
    }

    @Override
    public void close() throws IOException {
        if (ownsClient) {
            http.close();
        }
    }

    private JsonObject get(String endpoint, Map<String, String> query) {
        try {
            URIBuilder uri = new URIBuilder(apiBase + endpoint);
            query.forEach(uri::addParameter);
            return execute(new HttpGet(uri.build()), endpoint);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot build a URI for " + endpoint + ": " + e.getMessage(), e);
        }
    }

    private JsonObject post(String endpoint, JsonObject body) {
        HttpPost post = new HttpPost(apiBase + endpoint);
        post.setEntity(new StringEntity(body.toString(), ContentType.APPLICATION_JSON));
        return execute(post, endpoint);
    }

    private JsonObject execute(HttpUriRequestBase request, String endpoint) {
        authorization.ifPresent(value -> request.setHeader(HttpHeaders.AUTHORIZATION, value));
        try {
            return http.execute(request, response -> {
                String text = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(),
                        StandardCharsets.UTF_8);
                int status = response.getCode();
                if (status >= 200 && status < 300) {
                    return parseObject(text, endpoint, status);
                }
                throw errorOf(endpoint, status, text);
            });
        } catch (IOException e) {
            throw new MlflowApiException("MLflow did not answer " + endpoint + " at " + apiBase + ": " + e.getMessage(),
                    e);
        }
    }

    private static JsonObject parseObject(String text, String endpoint, int status) {
        if (text.isBlank()) {
            return new JsonObject();
        }
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (parsed.isJsonObject()) {
                return parsed.getAsJsonObject();
            }
        } catch (JsonParseException e) {
            // fall through to the error below
        }
        throw new MlflowApiException(status, "BAD_RESPONSE", endpoint + " answered something other than a JSON object");
    }

    private static MlflowApiException errorOf(String endpoint, int status, String text) {
        String errorCode = "HTTP_" + status;
        String message = text.length() > 300 ? text.substring(0, 300) + "…" : text;
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (parsed.isJsonObject()) {
                errorCode = string(parsed.getAsJsonObject(), "error_code", errorCode);
                message = string(parsed.getAsJsonObject(), "message", message);
            }
        } catch (JsonParseException e) {
            // MLflow's auth layers answer plain text; keep it as the message
        }
        return new MlflowApiException(status, errorCode, endpoint + " failed: HTTP " + status + " " + errorCode
                + ": " + message.strip());
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
