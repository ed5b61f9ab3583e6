package io.carbonmlops.meter.carbon.provider;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.carbonmlops.meter.carbon.FallbackReason;
import io.carbonmlops.meter.carbon.ProviderException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultRedirectStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.net.URIBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * GET a JSON document with timeouts, mapping every failure to a {@link ProviderException} with its
 * {@link FallbackReason}. No automatic retries: the chain decides what happens next. Messages carry the path
 * and status and at most the start of the error body, with credentials redacted. Redirects are followed only within
 * the same scheme, host and port: the request's headers carry the API token (Electricity Maps' {@code auth-token},
 * WattTime's bearer token), and a redirect must not hand them to another host.
 */
final class JsonHttp implements AutoCloseable {
    private static final int BODY_SNIPPET_CHARS = 200;

    private final HttpSettings settings;
    private final CloseableHttpClient client;

    JsonHttp(HttpSettings settings) {
        this.settings = settings;
        Timeout connect = Timeout.of(settings.connectTimeout());
        Timeout response = Timeout.of(settings.responseTimeout());
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect).setSocketTimeout(response).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(response)
                        .setConnectionRequestTimeout(connect).build())
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setRedirectStrategy(SameOriginRedirects.INSTANCE)
                .build();
    }

    /** Follows redirects only to the same scheme, host and port; any other answers as the 3xx it is. */
    static final class SameOriginRedirects extends DefaultRedirectStrategy {
        static final SameOriginRedirects INSTANCE = new SameOriginRedirects();

        @Override
        public boolean isRedirectAllowed(HttpHost currentTarget, HttpHost newTarget, HttpRequest redirect,
                HttpContext context) {
            return currentTarget.equals(newTarget);
        }
    }

    HttpSettings settings() {
        return settings;
    }

    /** {@code base + path ? query}, with the query values encoded. */
    URI uri(String path, Map<String, String> query) throws ProviderException {
        try {
            URIBuilder builder = new URIBuilder(settings.url(path));
            query.forEach(builder::addParameter);
            return builder.build();
        } catch (URISyntaxException e) {
            throw new ProviderException(FallbackReason.PROVIDER_ERROR, "bad URL " + settings.url(path), e);
        }
    }

    JsonElement get(URI uri, Map<String, String> headers, List<Secret> secrets) throws ProviderException {
        HttpGet request = new HttpGet(uri);
        headers.forEach(request::addHeader);
        String what = "GET " + uri.getRawPath();
        Answer answer;
        try {
            answer = client.execute(request, response -> new Answer(response.getCode(), body(response.getEntity())));
        } catch (InterruptedIOException e) {
            throw new ProviderException(FallbackReason.TIMEOUT, what + " timed out (connect "
                    + settings.connectTimeout().toMillis() + " ms, response " + settings.responseTimeout().toMillis()
                    + " ms)", e);
        } catch (IOException e) {
            throw new ProviderException(FallbackReason.NETWORK_ERROR, what + " failed: "
                    + redact(String.valueOf(e.getMessage()), secrets), e);
        }
        if (answer.status >= 300 && answer.status < 400) {
            throw new ProviderException(FallbackReason.HTTP_ERROR, what + " answered HTTP " + answer.status
                    + " redirecting to another host, which is not followed: the request carries credentials");
        }
        if (answer.status < 200 || answer.status >= 300) {
            throw new ProviderException(FallbackReason.ofHttpStatus(answer.status), what + " answered HTTP "
                    + answer.status + snippet(answer.body, secrets));
        }
        try {
            return JsonParser.parseString(answer.body);
        } catch (JsonParseException e) {
            throw new ProviderException(FallbackReason.MALFORMED_RESPONSE, what + " returned malformed JSON"
                    + snippet(answer.body, secrets));
        }
    }

    private static String body(org.apache.hc.core5.http.HttpEntity entity) throws IOException {
        try {
            return entity == null ? "" : EntityUtils.toString(entity, StandardCharsets.UTF_8);
        } catch (ParseException e) {
            throw new IOException("unreadable response body", e);
        }
    }

    private static String snippet(String body, List<Secret> secrets) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String flat = redact(body.strip().replaceAll("\\s+", " "), secrets);
        return ": " + (flat.length() > BODY_SNIPPET_CHARS ? flat.substring(0, BODY_SNIPPET_CHARS) + "…" : flat);
    }

    private static String redact(String text, List<Secret> secrets) {
        String result = text;
        for (Secret secret : secrets) {
            result = secret.redact(result);
        }
        return result;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // nothing to release beyond the sockets the client already dropped
        }
    }

    private record Answer(int status, String body) {}
}
