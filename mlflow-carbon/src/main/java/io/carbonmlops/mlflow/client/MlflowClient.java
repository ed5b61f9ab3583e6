package io.carbonmlops.mlflow.client;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TrustAllStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.ssl.SSLContextBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The one way carbon-mlops talks to MLflow: its REST API over Apache HttpClient 5 and Gson, used by the run logger,
 * the spool, {@code carbon compare}, the registry gate, the gate proxy's look-ups and the Jenkins plugin.
 *
 * <p>What MLflow's Java client lacks: connect and response timeouts, credentials and TLS settings from the standard
 * variables ({@link MlflowConfig}), retries only where a repeat cannot duplicate anything ({@link Retry}), errors as
 * one exception type with MLflow's {@code error_code} and a redacted message, paging, and the artifact proxy.
 *
 * <p>Failures: a call marked {@link Retry#SAFE} is repeated with exponential backoff after a 429, a 5xx or a
 * connection lost mid-request. A server that cannot be reached at all (refused, unroutable, connect or response
 * timeout, 502/503/504 after the retries) is not retried; every later call of this client then fails at once for
 * {@link MlflowConfig#unreachableHold()}, so a command whose MLflow is down spools after one connect timeout at most.
 * Thread-safe; {@link #withCredentials} views share the connections and that state.
 */
public final class MlflowClient implements AutoCloseable {

    /** Whether a call may be sent again after a failure whose outcome is unknown. */
    public enum Retry {
        /** Repeating it cannot change the result (reads, searches, tag upserts, points with fixed timestamps, PUT). */
        SAFE,
        /** Repeating it could create a second object or act twice (runs/create, experiments/create, transitions). */
        NEVER
    }

    private static final String API = "/api/2.0/mlflow/";
    private static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts";

    private final MlflowConfig config;
    private final Connections connections;
    private final boolean ownsConnections;

    /** Sees each request just before it is sent (tests interrupt delivery at an exact request with it). */
    public interface RequestListener {
        void beforeSend(String call, long requestNumber);
    }

    public MlflowClient(MlflowConfig config) {
        this(config, new Connections(config), true);
    }

    private MlflowClient(MlflowConfig config, Connections connections, boolean ownsConnections) {
        this.config = config;
        this.connections = connections;
        this.ownsConnections = ownsConnections;
    }

    public MlflowConfig config() {
        return config;
    }

    /** A view that sends other credentials (or none) over the same connections; closing it closes nothing. */
    public MlflowClient withCredentials(MlflowCredentials credentials) {
        return new MlflowClient(config.withCredentials(credentials), connections, false);
    }

    /** For tests: sees every request before it goes out. */
    public void setRequestListener(RequestListener listener) {
        connections.listener = listener;
    }

    /** HTTP requests sent so far by this client and its views, retries included. */
    public long requestCount() {
        return connections.requests.get();
    }

    /** GET {@code /api/2.0/mlflow/<endpoint>?<query>}; always {@link Retry#SAFE}. */
    public JsonObject get(String endpoint, Map<String, String> query) {
        String uri = config.trackingUri() + API + endpoint + queryString(query);
        return parseObject("GET " + endpoint, send("GET " + endpoint, () -> new HttpGet(uri), Retry.SAFE));
    }

    /** POST {@code /api/2.0/mlflow/<endpoint>} with a JSON body. */
    public JsonObject post(String endpoint, JsonObject body, Retry retry) {
        String uri = config.trackingUri() + API + endpoint;
        String json = body.toString();
        return parseObject("POST " + endpoint, send("POST " + endpoint, () -> {
            HttpPost post = new HttpPost(uri);
            post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
            return post;
        }, retry));
    }

    /**
     * Reads a POST search ({@code runs/search}, {@code experiments/search}) page by page with MLflow's
     * {@code page_token}, handing each element of {@code itemsField} to {@code item} until it answers {@code false} or
     * the pages end. {@code request} is not changed.
     */
    public void forEachPage(String endpoint, JsonObject request, String itemsField, int pageSize,
            Predicate<JsonObject> item) {
        JsonObject page = request.deepCopy();
        page.addProperty("max_results", pageSize);
        String token = "";
        do {
            if (!token.isEmpty()) {
                page.addProperty("page_token", token);
            }
            JsonObject answer = post(endpoint, page, Retry.SAFE);
            if (!eachItem(answer, itemsField, item)) {
                return;
            }
            token = text(answer, "next_page_token");
        } while (!token.isEmpty());
    }

    /** {@link #forEachPage} for a GET endpoint that pages ({@code metrics/get-history}). */
    public void forEachPageOfGet(String endpoint, Map<String, String> query, String itemsField, int pageSize,
            Predicate<JsonObject> item) {
        Map<String, String> page = new LinkedHashMap<>(query);
        page.put("max_results", Integer.toString(pageSize));
        String token = "";
        do {
            if (!token.isEmpty()) {
                page.put("page_token", token);
            }
            JsonObject answer = get(endpoint, page);
            if (!eachItem(answer, itemsField, item)) {
                return;
            }
            token = text(answer, "next_page_token");
        } while (!token.isEmpty());
    }

    /**
     * Uploads one artifact through the server's artifact proxy ({@code --serve-artifacts}, the default):
     * PUT {@code /api/2.0/mlflow-artifacts/artifacts/<experimentId>/<runId>/artifacts/<relativePath>}. Overwrites.
     */
    public void putArtifact(String experimentId, String runId, String relativePath, byte[] content, ContentType type) {
        String uri = config.trackingUri() + ARTIFACTS + "/" + encodePath(runArtifact(experimentId, runId, relativePath));
        send("PUT artifact " + relativePath, () -> {
            HttpPut put = new HttpPut(uri);
            put.setEntity(new ByteArrayEntity(content, type));
            return put;
        }, Retry.SAFE);
    }

    /** Downloads one artifact through the artifact proxy. */
    public byte[] getArtifact(String experimentId, String runId, String relativePath) {
        String uri = config.trackingUri() + ARTIFACTS + "/" + encodePath(runArtifact(experimentId, runId, relativePath));
        return send("GET artifact " + relativePath, () -> new HttpGet(uri), Retry.SAFE);
    }

    /** Names of the files (not directories) directly in a run's artifact directory; empty when there is none. */
    public List<String> listArtifacts(String experimentId, String runId, String relativeDirectory) {
        String call = "GET artifact list " + relativeDirectory;
        String uri = config.trackingUri() + ARTIFACTS
                + queryString(Map.of("path", runArtifact(experimentId, runId, relativeDirectory)));
        JsonObject answer = parseObject(call, send(call, () -> new HttpGet(uri), Retry.SAFE));
        List<String> names = new ArrayList<>();
        eachItem(answer, "files", file -> {
            if (!file.has("is_dir") || !file.get("is_dir").getAsBoolean()) {
                String path = text(file, "path");
                names.add(path.substring(path.lastIndexOf('/') + 1));
            }
            return true;
        });
        return names;
    }

    @Override
    public void close() {
        if (ownsConnections) {
            try {
                connections.http.close();
            } catch (IOException ignored) {
                // nothing useful to do: the pool's sockets are being discarded anyway
            }
        }
    }

    private interface RequestFactory {
        HttpUriRequestBase create();
    }

    /** Sends, retrying a {@link Retry#SAFE} call after a transient failure; returns the response body. */
    private byte[] send(String call, RequestFactory factory, Retry retry) {
        connections.failFastIfUnreachable(call);
        int attempts = retry == Retry.SAFE ? config.maxAttempts() : 1;
        long backoffMillis = config.retryBackoff().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return sendOnce(call, factory.create());
            } catch (MlflowUnreachableException e) {
                connections.markUnreachable(e.getMessage(), config);
                throw e;
            } catch (MlflowException e) {
                if (attempt > 1 && e instanceof MlflowApiException api && api.isRejection()) {
                    // an earlier attempt may have been applied (MLflow answers a repeated metric point with 400), so
                    // this is no verdict on the request itself: the spool keeps it and the next flush skips what is stored
                    throw new MlflowException(e.getMessage() + " (on a retry: an earlier attempt may have been applied)",
                            e);
                }
                if (!e.isTransient() || attempt >= attempts) {
                    if (e instanceof MlflowApiException api && api.isUnavailable()) {
                        connections.markUnreachable(e.getMessage(), config);
                    }
                    throw e;
                }
                sleep(backoffMillis);
                backoffMillis *= 2;
            }
        }
    }

    private byte[] sendOnce(String call, HttpUriRequestBase request) {
        config.credentials().authorizationHeader().ifPresent(value -> request.setHeader(HttpHeaders.AUTHORIZATION, value));
        connections.listener.beforeSend(call, connections.requests.incrementAndGet());
        try {
            return connections.http.execute(request, response -> {
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
            throw transportFailure(call, e);
        }
    }

    /**
     * No connection, or no answer in time: unreachable (not retried, later calls fail fast). A connection lost
     * mid-request is worth one more try of a safe call: transient, but not "unreachable".
     */
    private MlflowException transportFailure(String call, IOException e) {
        String cause = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        String message = Redaction.redact(call + " to " + config.trackingUri() + " failed: " + cause, config.credentials().secrets());
        if (e instanceof ConnectException || e instanceof ConnectTimeoutException || e instanceof NoRouteToHostException
                || e instanceof UnknownHostException) {
            return new MlflowUnreachableException(message + " (MLflow is not reachable; connect timeout "
                    + config.connectTimeout().toMillis() + " ms, " + MlflowConfig.CONNECT_TIMEOUT + " changes it)", e);
        }
        if (e instanceof SocketTimeoutException) {
            return new MlflowUnreachableException(message + " (no answer within " + config.responseTimeout().toSeconds()
                    + " s; " + MlflowConfig.REQUEST_TIMEOUT + " changes it)", e);
        }
        if (e instanceof SSLException) {
            return new MlflowUnreachableException(message + " (TLS failed: trust the server's CA with "
                    + MlflowConfig.SERVER_CERT_PATH + ")", e);
        }
        return new MlflowException(message, e, true);
    }

    /** MLflow error JSON becomes its error code and message; anything else (plain-text 401, HTML 502) keeps its status. */
    MlflowApiException errorFrom(String call, int status, String body) {
        String errorCode = "HTTP_" + status;
        String message = body;
        try {
            JsonElement root = JsonParser.parseString(body);
            if (root.isJsonObject() && root.getAsJsonObject().has("error_code")) {
                errorCode = text(root.getAsJsonObject(), "error_code");
                message = text(root.getAsJsonObject(), "message");
            }
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException notJson) {
            // not MLflow's error shape: the (redacted) text is the message
        }
        return new MlflowApiException(call, status, errorCode, Redaction.redact(message, config.credentials().secrets()));
    }

    private JsonObject parseObject(String call, byte[] bytes) {
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
        throw new MlflowException(call + ": the response is not a JSON object: "
                + Redaction.redact(text, config.credentials().secrets()) + " (is " + config.trackingUri()
                + " an MLflow server?)");
    }

    private static boolean eachItem(JsonObject answer, String field, Predicate<JsonObject> item) {
        JsonElement items = answer.get(field);
        if (items != null && items.isJsonArray()) {
            for (JsonElement element : (JsonArray) items) {
                if (element.isJsonObject() && !item.test(element.getAsJsonObject())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A string field, or "" when absent or not a string. */
    public static String text(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : "";
    }

    private static String runArtifact(String experimentId, String runId, String relativePath) {
        return experimentId + "/" + runId + "/artifacts/" + relativePath;
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

    /** The pool, the request counter and the unreachable state, shared by a client and its views. */
    private static final class Connections {
        final CloseableHttpClient http;
        final AtomicLong requests = new AtomicLong();
        volatile RequestListener listener = (call, number) -> { };
        private volatile long unreachableUntilNanos;
        private volatile String unreachableBecause = "";

        Connections(MlflowConfig config) {
            ConnectionConfig connection = ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.of(config.connectTimeout()))
                    .setSocketTimeout(Timeout.of(config.responseTimeout()))
                    .setValidateAfterInactivity(TimeValue.ofSeconds(2)) // a pooled connection the server closed
                    .build();
            PoolingHttpClientConnectionManagerBuilder pool = PoolingHttpClientConnectionManagerBuilder.create()
                    .setDefaultConnectionConfig(connection).setMaxConnTotal(64).setMaxConnPerRoute(64);
            tls(config).ifPresent(context -> pool.setTlsSocketStrategy(ClientTlsStrategyBuilder.create()
                    .setSslContext(context)
                    .setHostnameVerifier(config.insecureTls() ? NoopHostnameVerifier.INSTANCE : null)
                    .buildClassic()));
            this.http = HttpClients.custom()
                    .setConnectionManager(pool.build())
                    .setDefaultRequestConfig(RequestConfig.custom()
                            .setResponseTimeout(Timeout.of(config.responseTimeout())).build())
                    .disableAutomaticRetries()
                    .disableRedirectHandling() // a redirect must not carry the Authorization header elsewhere
                    .disableCookieManagement()
                    .setUserAgent("carbon-mlops")
                    .build();
        }

        void failFastIfUnreachable(String call) {
            long left = unreachableUntilNanos - System.nanoTime();
            if (unreachableUntilNanos != 0 && left > 0) {
                throw new MlflowUnreachableException(call + " not sent: " + unreachableBecause
                        + " (not tried again for another " + Math.max(1, left / 1_000_000_000) + " s)", null);
            }
        }

        void markUnreachable(String because, MlflowConfig config) {
            if (!config.unreachableHold().isZero()) {
                unreachableBecause = because;
                unreachableUntilNanos = System.nanoTime() + config.unreachableHold().toNanos();
            }
        }

        private static java.util.Optional<SSLContext> tls(MlflowConfig config) {
            if (!config.insecureTls() && config.serverCertPath().isEmpty()) {
                return java.util.Optional.empty();
            }
            try {
                SSLContextBuilder builder = SSLContextBuilder.create();
                if (config.insecureTls()) {
                    builder.loadTrustMaterial(TrustAllStrategy.INSTANCE);
                } else {
                    builder.loadTrustMaterial(caBundle(config), null);
                }
                return java.util.Optional.of(builder.build());
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalArgumentException("cannot use " + MlflowConfig.SERVER_CERT_PATH + " "
                        + config.serverCertPath().orElse(null) + ": " + e.getMessage(), e);
            }
        }

        private static KeyStore caBundle(MlflowConfig config) throws GeneralSecurityException, IOException {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            try (InputStream in = Files.newInputStream(config.serverCertPath().orElseThrow())) {
                int i = 0;
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("ca-" + i++, certificate);
                }
                if (i == 0) {
                    throw new GeneralSecurityException("no PEM certificate in it");
                }
            }
            return store;
        }
    }
}
