package io.carbonmlops.mlflow.gate.proxy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.carbonmlops.mlflow.client.MlflowException;
import io.carbonmlops.mlflow.gate.RegistryGate;
import io.carbonmlops.mlflow.gate.api.RestRegistryApi;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Passes every request to MLflow through {@link ProxyHandler} (streamed, headers kept) except the few it must
 * inspect ({@link GatedEndpoint}): their small bodies are read (up to {@link #MAX_INSPECTED_BODY_BYTES}), ruled on
 * by {@link RequestInspector}, and either refused with an MLflow-shaped error or replayed upstream byte for byte.
 * Method-override headers and parameters on inspected endpoints are refused rather than interpreted.
 */
final class GateProxyHandler extends Handler.Abstract.NonBlocking {
    /** MLflow's own log-batch limit is 1 MB of JSON; anything larger on an inspected endpoint is refused. */
    static final int MAX_INSPECTED_BODY_BYTES = 2 * 1024 * 1024;
    private static final List<String> METHOD_OVERRIDE_HEADERS = List.of("X-HTTP-Method-Override", "X-HTTP-Method",
            "X-Method-Override");

    private final ProxyHandler upstream;
    private final RequestInspector inspector;
    private final RegistryGate gate;
    private final RestRegistryApi api;
    private final Executor executor;
    private final Consumer<String> log;

    GateProxyHandler(ProxyHandler upstream, RegistryGate gate, RestRegistryApi api, Executor executor,
            Consumer<String> log) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.inspector = new RequestInspector(gate);
        this.api = Objects.requireNonNull(api, "api");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.log = Objects.requireNonNull(log, "log");
        addBean(upstream);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        GatedEndpoint endpoint = GatedEndpoint.of(CanonicalPath.of(request.getHttpURI().getPath()));
        boolean overridden = endpoint != GatedEndpoint.NONE && hasMethodOverride(request);
        if (!endpoint.inspects(method) && !overridden) {
            return upstream.handle(request, response, callback); // asynchronous: fine on the I/O thread
        }
        // Inspection reads the body and calls MLflow, both blocking: leave the I/O thread.
        executor.execute(() -> {
            try {
                inspect(request, response, callback, method, endpoint, overridden);
            } catch (Throwable failure) {
                callback.failed(failure);
            }
        });
        return true;
    }

    private void inspect(Request request, Response response, Callback callback, String method,
            GatedEndpoint endpoint, boolean overridden) throws Exception {
        if (overridden) {
            refuse(request, response, callback, new Ruling.Refuse(400, "INVALID_PARAMETER_VALUE",
                    "Carbon gate: method-override headers or parameters are not accepted on this endpoint",
                    Optional.empty()));
            return;
        }
        String encoding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
        if (encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity")) {
            refuse(request, response, callback, new Ruling.Refuse(415, "INVALID_PARAMETER_VALUE",
                    "Carbon gate: encoded request bodies (" + encoding + ") are not accepted on this endpoint",
                    Optional.empty()));
            return;
        }
        byte[] body = readCapped(request);
        if (body == null) {
            refuse(request, response, callback, new Ruling.Refuse(413, "INVALID_PARAMETER_VALUE",
                    "Carbon gate: request body over " + MAX_INSPECTED_BODY_BYTES + " bytes on an inspected endpoint",
                    Optional.empty()));
            return;
        }
        Optional<JsonObject> fields = GatedEndpoint.fieldsInQuery(method) ? queryFields(request) : jsonFields(body);
        if (fields.isEmpty()) {
            refuse(request, response, callback, Ruling.Refuse.badRequest(
                    "Carbon gate: the request body must be one JSON object (query fields given once each)"));
            return;
        }
        Ruling ruling = inspector.inspect(endpoint, fields.get(), api.withAuthorization(callerAuthorization(request)));
        if (ruling instanceof Ruling.Refuse refusal) {
            refuse(request, response, callback, refusal);
            return;
        }
        Ruling.Forward forward = (Ruling.Forward) ruling;
        forward.decision().ifPresent(decision -> log.accept("allowed " + method + " " + request.getHttpURI().getPath()
                + ": " + decision.summary()));
        if (forward.decision().isEmpty()) {
            upstream.handle(new ReplayRequest(request, body), response, callback);
            return;
        }
        Runnable record = () -> {
            try {
                gate.withApi(api.withAuthorization(callerAuthorization(request))).writeTags(forward.decision().get());
            } catch (MlflowException e) {
                log.accept("promotion forwarded (decision in the ledger as entry " + forward.decision().get()
                        .recordedAs().map(Object::toString).orElse("?") + ") but its carbon.gate.* tags could not be"
                        + " written: " + e.getMessage());
            }
        };
        upstream.handle(new ReplayRequest(request, body),
                new RecordingResponse(request, response, executor, record), callback);
    }

    private void refuse(Request request, Response response, Callback callback, Ruling.Refuse refusal) {
        log.accept("refused " + request.getMethod() + " " + request.getHttpURI().getPath() + " (" + refusal.status()
                + " " + refusal.errorCode() + "): " + refusal.message());
        JsonObject error = new JsonObject();
        error.addProperty("error_code", refusal.errorCode());
        error.addProperty("message", refusal.message());
        response.setStatus(refusal.status());
        if (refusal.status() == 401) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"mlflow\""); // as MLflow's own 401
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(error.toString().getBytes(StandardCharsets.UTF_8)), callback);
    }

    /**
     * The caller's credentials, and only those: MLflow's own permissions apply to what the gate reads and writes,
     * and a caller who sent none gets MLflow's 401 from the first look-up instead of answers read with anyone else's.
     */
    private static Optional<String> callerAuthorization(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        return header != null && !header.isBlank() ? Optional.of(header) : Optional.empty();
    }

    private static boolean hasMethodOverride(Request request) {
        for (String header : METHOD_OVERRIDE_HEADERS) {
            if (request.getHeaders().contains(header)) {
                return true;
            }
        }
        String query = request.getHttpURI().getQuery();
        if (query == null) {
            return false;
        }
        for (String pair : query.split("&")) {
            String name = pair.split("=", 2)[0];
            if (CanonicalPath.percentDecode(name.replace('+', ' ')).strip().equalsIgnoreCase("_method")) {
                return true;
            }
        }
        return false;
    }

    private static byte[] readCapped(Request request) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(MAX_INSPECTED_BODY_BYTES + 1);
            return body.length > MAX_INSPECTED_BODY_BYTES ? null : body;
        }
    }

    private static Optional<JsonObject> jsonFields(byte[] body) {
        try {
            JsonElement parsed = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
            return parsed.isJsonObject() ? Optional.of(parsed.getAsJsonObject()) : Optional.empty();
        } catch (JsonParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<JsonObject> queryFields(Request request) {
        Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        JsonObject fields = new JsonObject();
        for (Fields.Field field : query) {
            if (field.getValues().size() != 1) {
                return Optional.empty();
            }
            fields.addProperty(field.getName(), field.getValue());
        }
        return Optional.of(fields);
    }
}
