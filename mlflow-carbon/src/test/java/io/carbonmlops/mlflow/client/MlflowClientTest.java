package io.carbonmlops.mlflow.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.carbonmlops.mlflow.client.MlflowClient.Retry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client's HTTP behaviour where a real MLflow cannot be made to misbehave on cue: 5xx, timeouts, a dead or
 * unroutable server, redirects, malformed answers. What MLflow itself answers (auth, 401/403/404) is tested against
 * a real server in {@link MlflowClientAuthServerTest}.
 */
@Timeout(30)
class MlflowClientTest {
    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private MlflowConfig config() {
        return MlflowConfig.of(server.url("/").toString()).withRetries(3, Duration.ZERO);
    }

    private static MockResponse status(int code, String body) {
        return new MockResponse.Builder().code(code).body(body).build();
    }

    @Test
    void postSendsJsonWithTheConfiguredCredentials() throws Exception {
        server.enqueue(status(200, "{\"experiment_id\":\"7\"}"));
        MlflowConfig config = config().withCredentials(MlflowCredentials.resolve("alice", "s3cret", null));
        JsonObject body = new JsonObject();
        body.addProperty("name", "exp");

        try (MlflowClient client = new MlflowClient(config)) {
            assertThat(client.post("experiments/create", body, Retry.NEVER).get("experiment_id").getAsString()).isEqualTo("7");
        }

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getTarget()).isEqualTo("/api/2.0/mlflow/experiments/create");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Basic YWxpY2U6czNjcmV0");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(request.getBody().utf8()).isEqualTo("{\"name\":\"exp\"}");
    }

    @Test
    void queryParametersAreEncodedAndATokenIsSentAsBearer() throws Exception {
        server.enqueue(status(200, "{}"));
        MlflowConfig config = config().withCredentials(MlflowCredentials.resolve(null, null, "tok-123"));

        try (MlflowClient client = new MlflowClient(config)) {
            client.get("runs/get", Map.of("run_id", "a b&c"));
        }

        RecordedRequest request = server.takeRequest();
        assertThat(request.getTarget()).isEqualTo("/api/2.0/mlflow/runs/get?run_id=a%20b%26c");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer tok-123");
    }

    @Test
    void safeCallsAreRetriedAfterA5xxAndA429() {
        server.enqueue(status(503, "busy"));
        server.enqueue(status(429, "slow down"));
        server.enqueue(status(200, "{\"ok\":true}"));

        try (MlflowClient client = new MlflowClient(config())) {
            assertThat(client.post("runs/log-batch", new JsonObject(), Retry.SAFE).get("ok").getAsBoolean()).isTrue();
            assertThat(client.requestCount()).isEqualTo(3);
        }
    }

    @Test
    void aPersistent500EndsAfterTheConfiguredAttemptsAsATransientApiError() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(status(500, "{\"error_code\":\"INTERNAL_ERROR\",\"message\":\"database is locked\"}"));
        }

        try (MlflowClient client = new MlflowClient(config())) {
            assertThatThrownBy(() -> client.get("runs/get", Map.of("run_id", "r")))
                    .isInstanceOfSatisfying(MlflowApiException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(500);
                        assertThat(e.errorCode()).isEqualTo("INTERNAL_ERROR");
                        assertThat(e.isTransient()).isTrue();
                        assertThat(e.getMessage()).contains("GET runs/get", "database is locked");
                    });
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void callsThatCouldDuplicateAreNeverRetried() {
        server.enqueue(status(503, "busy"));
        server.enqueue(status(200, "{}"));

        try (MlflowClient client = new MlflowClient(config().withUnreachableHold(Duration.ZERO))) {
            assertThatThrownBy(() -> client.post("runs/create", new JsonObject(), Retry.NEVER))
                    .isInstanceOfSatisfying(MlflowApiException.class, e -> assertThat(e.isTransient()).isTrue());
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aRejectionIsNotRetried() {
        server.enqueue(status(400, "{\"error_code\":\"INVALID_PARAMETER_VALUE\",\"message\":\"bad key\"}"));

        try (MlflowClient client = new MlflowClient(config())) {
            assertThatThrownBy(() -> client.post("runs/log-batch", new JsonObject(), Retry.SAFE))
                    .isInstanceOfSatisfying(MlflowApiException.class, e -> {
                        assertThat(e.isRejection()).isTrue();
                        assertThat(e.isTransient()).isFalse();
                    });
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    /** A proxy or server that echoes what it was sent must not carry the secret into our messages or the spool. */
    @Test
    void errorBodiesAreRedactedAndShortened() {
        String echo = "{\"error_code\":\"INVALID_PARAMETER_VALUE\",\"message\":\"rejected request with Authorization:"
                + " Basic Ym9iOmh1bnRlcjI= from https://bob:hunter2@mlflow.example/x, password=hunter2"
                + " and api_key=AKIA1234 " + "x".repeat(2000) + "\"}";
        server.enqueue(status(400, echo));
        MlflowConfig config = config().withCredentials(MlflowCredentials.resolve("bob", "hunter2", null));

        try (MlflowClient client = new MlflowClient(config)) {
            assertThatThrownBy(() -> client.get("runs/get", Map.of("run_id", "r")))
                    .isInstanceOfSatisfying(MlflowApiException.class, e -> {
                        assertThat(e.getMessage()).doesNotContain("hunter2", "Ym9iOmh1bnRlcjI=", "AKIA1234")
                                .contains("INVALID_PARAMETER_VALUE", "bob:****@mlflow.example");
                        assertThat(e.serverMessage().length()).isLessThanOrEqualTo(301);
                    });
        }
    }

    @Test
    void anHtmlErrorPageKeepsItsStatusAndLosesItsMarkup() {
        server.enqueue(status(502, "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>"
                + "<hr><center>nginx</center></body></html>"));

        try (MlflowClient client = new MlflowClient(config().withRetries(1, Duration.ZERO))) {
            assertThatThrownBy(() -> client.get("runs/get", Map.of("run_id", "r")))
                    .isInstanceOfSatisfying(MlflowApiException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo("HTTP_502");
                        assertThat(e.serverMessage()).isEqualTo("502 Bad Gateway 502 Bad Gateway nginx");
                    });
        }
    }

    @Test
    void aRedirectIsNotFollowedSoTheCredentialsStayWithTheServerTheyAreFor() throws Exception {
        try (MockWebServer elsewhere = new MockWebServer()) {
            elsewhere.start();
            server.enqueue(new MockResponse.Builder().code(302)
                    .addHeader("Location", elsewhere.url("/api/2.0/mlflow/runs/get").toString()).build());
            MlflowConfig config = config().withCredentials(MlflowCredentials.resolve(null, null, "tok-123"));

            try (MlflowClient client = new MlflowClient(config)) {
                assertThatThrownBy(() -> client.get("runs/get", Map.of("run_id", "r")))
                        .isInstanceOfSatisfying(MlflowApiException.class, e -> assertThat(e.httpStatus()).isEqualTo(302));
            }
            assertThat(elsewhere.getRequestCount()).isZero();
        }
    }

    @Test
    void aSlowServerTimesOutAsUnreachableAndLaterCallsFailAtOnce() {
        server.enqueue(new MockResponse.Builder().code(200).body("{}").headersDelay(5, TimeUnit.SECONDS).build());
        server.enqueue(status(200, "{}"));
        MlflowConfig config = config().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300));

        try (MlflowClient client = new MlflowClient(config)) {
            assertThatThrownBy(() -> client.get("runs/get", Map.of("run_id", "r")))
                    .isInstanceOf(MlflowUnreachableException.class)
                    .hasMessageContaining("GET runs/get").hasMessageContaining("MLFLOW_HTTP_REQUEST_TIMEOUT");
            assertThatThrownBy(() -> client.post("runs/log-batch", new JsonObject(), Retry.SAFE))
                    .isInstanceOf(MlflowUnreachableException.class).hasMessageContaining("not sent");
            assertThat(client.requestCount()).as("a timeout is not retried, and nothing more is sent").isEqualTo(1);
        }
    }

    @Test
    void aRefusedConnectionIsUnreachableTransientAndNotRetried() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        MlflowConfig config = MlflowConfig.of("http://127.0.0.1:" + closedPort).withRetries(3, Duration.ofSeconds(5));

        try (MlflowClient client = new MlflowClient(config)) {
            assertThatThrownBy(() -> client.get("runs/get", Map.of("run_id", "r")))
                    .isInstanceOfSatisfying(MlflowUnreachableException.class, e -> assertThat(e.isTransient()).isTrue());
            assertThatThrownBy(() -> client.get("runs/get", Map.of("run_id", "r")))
                    .isInstanceOf(MlflowUnreachableException.class).hasMessageContaining("not sent");
            assertThat(client.requestCount()).isEqualTo(1);
        }
    }

    /** A host that drops packets: the connect timeout ends the wait, and it is not retried. */
    @Test
    void anUnansweredConnectEndsAtTheConnectTimeout() throws Exception {
        try (Blackhole blackhole = Blackhole.open()) {
            MlflowConfig config = MlflowConfig.of("http://127.0.0.1:" + blackhole.port())
                    .withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(30)).withRetries(3, Duration.ofSeconds(5));

            try (MlflowClient client = new MlflowClient(config)) {
                assertThatThrownBy(() -> client.get("runs/get", Map.of("run_id", "r")))
                        .isInstanceOf(MlflowUnreachableException.class)
                        .hasMessageContaining("connect timeout 300 ms").hasMessageContaining("CARBON_MLFLOW_CONNECT_TIMEOUT");
                assertThat(client.requestCount()).isEqualTo(1);
            }
        }
    }

    @Test
    void aNonJsonSuccessIsReportedNotSwallowed() {
        server.enqueue(status(200, "<html>login</html>"));

        try (MlflowClient client = new MlflowClient(config())) {
            assertThatThrownBy(() -> client.get("runs/get", Map.of("run_id", "r")))
                    .isInstanceOf(MlflowException.class).hasMessageContaining("not a JSON object");
        }
    }

    @Test
    void pagesAreFollowedUntilTheLastAndStopWhenTheReaderHasEnough() throws Exception {
        server.enqueue(status(200, "{\"runs\":[{\"id\":1},{\"id\":2}],\"next_page_token\":\"p2\"}"));
        server.enqueue(status(200, "{\"runs\":[{\"id\":3}],\"next_page_token\":\"p3\"}"));
        server.enqueue(status(200, "{\"runs\":[{\"id\":4}]}"));
        server.enqueue(status(200, "{\"runs\":[{\"id\":1},{\"id\":2}],\"next_page_token\":\"p2\"}"));
        JsonObject request = new JsonObject();
        request.addProperty("filter", "x");
        List<Integer> all = new ArrayList<>();
        List<Integer> firstTwo = new ArrayList<>();

        try (MlflowClient client = new MlflowClient(config())) {
            client.forEachPage("runs/search", request, "runs", 2, run -> all.add(run.get("id").getAsInt()));
            client.forEachPage("runs/search", request, "runs", 2, run -> {
                firstTwo.add(run.get("id").getAsInt());
                return firstTwo.size() < 2;
            });
        }

        assertThat(all).containsExactly(1, 2, 3, 4);
        assertThat(firstTwo).containsExactly(1, 2);
        assertThat(server.takeRequest().getBody().utf8()).contains("\"max_results\":2").doesNotContain("page_token");
        assertThat(server.takeRequest().getBody().utf8()).contains("\"page_token\":\"p2\"");
        assertThat(server.takeRequest().getBody().utf8()).contains("\"page_token\":\"p3\"");
        assertThat(server.getRequestCount()).as("the reader stopped: no second page").isEqualTo(4);
        assertThat(request.has("page_token")).as("the caller's request is left alone").isFalse();
    }

    @Test
    void aGetEndpointIsPagedWithQueryTokens() throws Exception {
        server.enqueue(status(200, "{\"metrics\":[{\"step\":0}],\"next_page_token\":\"t 2\"}"));
        server.enqueue(status(200, "{\"metrics\":[{\"step\":1}]}"));
        List<Integer> steps = new ArrayList<>();

        try (MlflowClient client = new MlflowClient(config())) {
            client.forEachPageOfGet("metrics/get-history", Map.of("run_id", "r", "metric_key", "k"), "metrics", 1,
                    m -> steps.add(m.get("step").getAsInt()));
        }

        assertThat(steps).containsExactly(0, 1);
        server.takeRequest();
        assertThat(server.takeRequest().getTarget()).contains("page_token=t%202", "max_results=1");
    }

    @Test
    void artifactsListNamesFilesOnly() throws Exception {
        server.enqueue(status(200, "{\"files\":[{\"path\":\"carbon/records/a.json\",\"is_dir\":false,\"file_size\":\"9\"},"
                + "{\"path\":\"carbon/records/sub\",\"is_dir\":true}]}"));
        server.enqueue(status(200, "{}"));

        try (MlflowClient client = new MlflowClient(config())) {
            assertThat(client.listArtifacts("1", "r", "carbon/records")).containsExactly("a.json");
            assertThat(client.listArtifacts("1", "r", "carbon/records")).isEmpty();
        }
        assertThat(server.takeRequest().getTarget())
                .isEqualTo("/api/2.0/mlflow-artifacts/artifacts?path=1%2Fr%2Fartifacts%2Fcarbon%2Frecords");
    }

    /** A server that accepts no connection: its backlog is full, so the kernel drops further SYNs. */
    static final class Blackhole implements AutoCloseable {
        private final ServerSocket socket;
        private final List<java.net.Socket> fillers = new ArrayList<>();

        private Blackhole(ServerSocket socket) {
            this.socket = socket;
        }

        static Blackhole open() throws Exception {
            Blackhole hole = new Blackhole(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            for (int i = 0; i < 3; i++) {
                java.net.Socket filler = new java.net.Socket();
                try {
                    filler.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), hole.port()), 200);
                    hole.fillers.add(filler);
                } catch (java.io.IOException full) {
                    filler.close();
                    break; // the queue is full
                }
            }
            return hole;
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            for (java.net.Socket filler : fillers) {
                filler.close();
            }
            socket.close();
        }
    }
}
