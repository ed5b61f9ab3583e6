package io.carbonmlops.mlflow;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * The MLflow REST API over Apache HttpClient 5 and Gson, with what the MLflow Java client lacks: connect and response
 * timeouts, credentials from the environment, no retry of calls that could duplicate, and the artifact proxy.
 *
 * <p>Retries: only calls marked {@link Retry#SAFE} are repeated, with exponential backoff, after a transport failure,
 * 429 or a 5xx. {@link #requestCount()} counts HTTP requests sent (benchmarks and tests). Thread-safe.
 */
public final class MlflowRestClient implements AutoCloseable {

    /** Whether a call may be sent again after a failure whose outcome is unknown. */
    public enum Retry {
        /** Repeating it cannot change the result (reads, tag upserts, metrics with fixed timestamps, artifact PUT). */
        SAFE,
        /** Repeating it could create a second object (runs/create, experiments/create). */
        NEVER
    }

    private static final String API = "/api/2.0/mlflow/";
    private static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts/";
    private static final int MAX_MESSAGE_CHARS = 500;

    private final MlflowConfig config;
    private final CloseableHttpClient http;
    private final AtomicLong requests = new AtomicLong();
    private volatile RequestListener listener = (call, number) -> { };

    /** Sees each request just before it is sent (tests interrupt delivery at an exact request with it). */
    interface RequestListener {
        void beforeSend(String call, long requestNumber);
    }

    public MlflowRestClient(MlflowConfig config) {
        this.config = config;
        ConnectionConfig connection = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(config.connectTimeout()))
                .setSocketTimeout(Timeout.of(config.responseTimeout()))
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(connection).build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(config.responseTimeout())).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .setUserAgent("carbon-mlops")
                .build();
    }

    public MlflowConfig config() {
        return config;
    }

    void setRequestListener(RequestListener newListener) {
        listener = newListener;
    }

    /** HTTP requests sent so far, retries included. */
    public long requestCount() {
        return requests.get();
    }

    /** GET {@code /api/2.0/mlflow/<endpoint>?<query>}; always {@link Retry#SAFE}. */
    public JsonObject get(String endpoint, Map<String, String> query) {
        String uri = config.trackingUri() + API + endpoint + queryString(query);
        return execute("GET " + endpoint, () -> new HttpGet(uri), Retry.SAFE);
    }

    /** POST {@code /api/2.0/mlflow/<endpoint>} with a JSON body. */
    public JsonObject post(String endpoint, JsonObject body, Retry retry) {
        String uri = config.trackingUri() + API + endpoint;
        String json = body.toString();
        return execute("POST " + endpoint, () -> {
            HttpPost post = new HttpPost(uri);
            post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
            return post;
        }, retry);
    }

    /**
     * Uploads one artifact through the server's artifact proxy ({@code --serve-artifacts}, the default):
     * PUT {@code /api/2.0/mlflow-artifacts/artifacts/<experimentId>/<runId>/artifacts/<relativePath>}. Overwrites.
     */
    public void putArtifact(String experimentId, String runId, String relativePath, byte[] content, ContentType type) {
        String path = experimentId + "/" + runId + "/artifacts/" + relativePath;
        String uri = config.trackingUri() + ARTIFACTS + encodePath(path);
        execute("PUT artifact " + relativePath, () -> {
            HttpPut put = new HttpPut(uri);
            put.setEntity(new ByteArrayEntity(content, type));
            return put;
        }, Retry.SAFE);
    }

    /** Downloads one artifact through the artifact proxy. */
    public byte[] getArtifact(String experimentId, String runId, String relativePath) {
        String uri = config.trackingUri() + ARTIFACTS + encodePath(experimentId + "/" + runId + "/artifacts/" + relativePath);
        return send("GET artifact " + relativePath, () -> new HttpGet(uri), Retry.SAFE);
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException ignored) {
            // nothing useful to do: the pool's sockets are being discarded anyway
        }
    }

    private interface RequestFactory {
        HttpUriRequestBase create();
    }

    private JsonObject execute(String call, RequestFactory factory, Retry retry) {
        return parseObject(call, send(call, factory, retry));
    }

    /** Sends, retrying a {@link Retry#SAFE} call after a transient failure; returns the response body. */
    private byte[] send(String call, RequestFactory factory, Retry retry) {
        int attempts = retry == Retry.SAFE ? config.maxAttempts() : 1;
        long backoffMillis = config.retryBackoff().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return sendOnce(call, factory.create());
            } catch (MlflowException e) {
                if (attempt > 1 && e instanceof MlflowApiException api && api.isRejection()) {
                    // an earlier attempt may have been applied (MLflow answers a repeated metric point with 400), so
                    // this is no verdict on the request itself: the spool keeps it and the next flush skips what is stored
                    throw new MlflowException(e.getMessage() + " (on a retry: an earlier attempt may have been applied)",
                            e);
                }
                if (!e.isTransient() || attempt >= attempts) {
                    throw e;
                }
                sleep(backoffMillis);
                backoffMillis *= 2;
            }
        }
    }

    private byte[] sendOnce(String call, HttpUriRequestBase request) {
        config.authorizationHeader().ifPresent(value -> request.setHeader("Authorization", value));
        listener.beforeSend(call, requests.incrementAndGet());
        try {
            return http.execute(request, response -> {
                byte[] body = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
                int status = response.getCode();
                if (status >= 200 && status < 300) {
                    return body;
                }
                throw errorFrom(call, status, new String(body, StandardCharsets.UTF_8));
            });
        } catch (MlflowException e) {
            throw e;
        } catch (IOException e) {
            throw new MlflowUnreachableException(call + " to " + config.trackingUri() + " failed: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    /** MLflow error JSON becomes a typed exception; anything else (plain-text 401, HTML 502) keeps its status. */
    static MlflowApiException errorFrom(String call, int status, String body) {
        try {
            JsonElement root = JsonParser.parseString(body);
            if (root.isJsonObject() && root.getAsJsonObject().has("error_code")) {
                JsonObject error = root.getAsJsonObject();
                String message = error.has("message") && !error.get("message").isJsonNull()
                        ? error.get("message").getAsString() : "";
                return new MlflowApiException(call, status, error.get("error_code").getAsString(), abbreviate(message));
            }
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException notJson) {
            // fall through: not MLflow's error shape
        }
        return new MlflowApiException(call, status, "HTTP_" + status, abbreviate(body.strip()));
    }

    private static JsonObject parseObject(String call, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return new JsonObject();
        }
        try {
            JsonElement root = JsonParser.parseString(text);
            if (root.isJsonObject()) {
                return root.getAsJsonObject();
            }
        } catch (JsonParseException malformed) {
            // reported below
        }
        throw new MlflowException(call + ": the response is not a JSON object: " + abbreviate(text)
                + " (is MLFLOW_TRACKING_URI an MLflow server?)");
    }

    private static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        return query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&", "?", ""));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(encode(segment));
        }
        return out.toString();
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_MESSAGE_CHARS ? oneLine : oneLine.substring(0, MAX_MESSAGE_CHARS) + "…";
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowException("interrupted while waiting to retry", e);
        }
    }
}
