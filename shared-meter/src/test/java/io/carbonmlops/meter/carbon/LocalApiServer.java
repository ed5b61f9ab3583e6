package io.carbonmlops.meter.carbon;

import io.carbonmlops.meter.carbon.provider.HttpSettings;
import java.net.URI;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A provider's API on 127.0.0.1 for one test: a fresh {@link MockWebServer} started before each test and closed
 * after it, and the {@link HttpSettings} that point a provider at it. Register with
 * {@code @RegisterExtension final LocalApiServer api = new LocalApiServer();}.
 */
public final class LocalApiServer implements BeforeEachCallback, AfterEachCallback {
    /** Generous, so a loaded machine cannot turn an answer into a timeout; timeout tests pass their own. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);

    private MockWebServer server;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.close();
    }

    public MockWebServer server() {
        return server;
    }

    /** Settings whose base URI is {@code path} on this server. */
    public HttpSettings settings(String path) {
        return settings(path, RESPONSE_TIMEOUT);
    }

    public HttpSettings settings(String path, Duration responseTimeout) {
        return new HttpSettings(URI.create(server.url(path).toString()), CONNECT_TIMEOUT, responseTimeout);
    }

    /** Queues one JSON answer with this status code and body. */
    public void answer(int code, String body) {
        server.enqueue(new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body)
                .build());
    }
}
