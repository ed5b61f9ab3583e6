package io.carbonmlops.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.carbonmlops.mlflow.MlflowRestClient.Retry;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MlflowRestClientTest {
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
        String url = server.url("/").toString();
        return MlflowConfig.of(url).withRetries(3, Duration.ZERO);
    }

    @Test
    void postSendsJsonWithBasicAuthFromTheEnvironment() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"experiment_id\":\"7\"}").build());
        MlflowConfig config = MlflowConfig.fromEnvironment(Map.of(
                "MLFLOW_TRACKING_URI", server.url("/").toString(),
                "MLFLOW_TRACKING_USERNAME", "alice", "MLFLOW_TRACKING_PASSWORD", "s3cret"));
        JsonObject body = new JsonObject();
        body.addProperty("name", "exp");

        try (MlflowRestClient client = new MlflowRestClient(config)) {
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
    void tokenIsSentAsBearerAndNeverShownInToString() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
        MlflowConfig config = MlflowConfig.fromEnvironment(Map.of(
                "MLFLOW_TRACKING_URI", server.url("/").toString(), "MLFLOW_TRACKING_TOKEN", "tok-123"));

        try (MlflowRestClient client = new MlflowRestClient(config)) {
            client.get("runs/get", Map.of("run_id", "a b"));
        }

        RecordedRequest request = server.takeRequest();
        assertThat(request.getTarget()).isEqualTo("/api/2.0/mlflow/runs/get?run_id=a%20b");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer tok-123");
        assertThat(config.toString()).doesNotContain("tok-123").contains("bearer token");
    }

    @Test
    void mlflowErrorJsonBecomesATypedExceptionWithItsErrorCode() {
        server.enqueue(new MockResponse.Builder().code(404)
                .body("{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"Run 'x' not found\"}").build());

        try (MlflowRestClient client = new MlflowRestClient(config())) {
            assertThatThrownBy(() -> client.get("runs/get", Map.of("run_id", "x")))
                    .isInstanceOfSatisfying(MlflowApiException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(404);
                        assertThat(e.errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
                        assertThat(e.isNotFound()).isTrue();
                        assertThat(e.isTransient()).isFalse();
                        assertThat(e.getMessage()).contains("GET runs/get", "Run 'x' not found");
                    });
        }
        assertThat(server.getRequestCount()).as("a 404 is not retried").isEqualTo(1);
    }

    @Test
    void plainTextUnauthorizedKeepsItsStatusAndNamesTheVariablesButNotTheSecret() {
        server.enqueue(new MockResponse.Builder().code(401).body("You are not authenticated.").build());
        MlflowConfig config = config().withBasicAuth("bob", "hunter2");

        try (MlflowRestClient client = new MlflowRestClient(config)) {
            assertThatThrownBy(() -> client.get("experiments/get", Map.of("experiment_id", "0")))
                    .isInstanceOfSatisfying(MlflowApiException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo("HTTP_401");
                        assertThat(e.getMessage()).contains("MLFLOW_TRACKING_USERNAME").doesNotContain("hunter2");
                    });
        }
    }

    @Test
    void safeCallsAreRetriedAfterA503() {
        server.enqueue(new MockResponse.Builder().code(503).body("busy").build());
        server.enqueue(new MockResponse.Builder().code(200).body("{\"ok\":true}").build());

        try (MlflowRestClient client = new MlflowRestClient(config())) {
            assertThat(client.post("runs/log-batch", new JsonObject(), Retry.SAFE).get("ok").getAsBoolean()).isTrue();
            assertThat(client.requestCount()).isEqualTo(2);
        }
    }

    @Test
    void callsThatCouldDuplicateAreNeverRetried() {
        server.enqueue(new MockResponse.Builder().code(503).body("busy").build());
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());

        try (MlflowRestClient client = new MlflowRestClient(config())) {
            assertThatThrownBy(() -> client.post("runs/create", new JsonObject(), Retry.NEVER))
                    .isInstanceOfSatisfying(MlflowApiException.class, e -> assertThat(e.isTransient()).isTrue());
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aSlowServerTimesOutAsUnreachable() {
        server.enqueue(new MockResponse.Builder().code(200).body("{}").headersDelay(5, TimeUnit.SECONDS).build());
        MlflowConfig config = config().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300)).withRetries(1, Duration.ZERO);

        try (MlflowRestClient client = new MlflowRestClient(config)) {
            assertThatThrownBy(() -> client.get("runs/get", Map.of("run_id", "r")))
                    .isInstanceOf(MlflowUnreachableException.class)
                    .hasMessageContaining("GET runs/get");
        }
    }

    @Test
    void aRefusedConnectionIsUnreachableAndTransient() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        MlflowConfig config = MlflowConfig.of("http://127.0.0.1:" + closedPort).withRetries(1, Duration.ZERO);

        try (MlflowRestClient client = new MlflowRestClient(config)) {
            assertThatThrownBy(() -> client.get("runs/get", Map.of("run_id", "r")))
                    .isInstanceOfSatisfying(MlflowUnreachableException.class, e -> assertThat(e.isTransient()).isTrue());
        }
    }

    @Test
    void aNonJsonSuccessIsReportedNotSwallowed() {
        server.enqueue(new MockResponse.Builder().code(200).body("<html>login</html>").build());

        try (MlflowRestClient client = new MlflowRestClient(config())) {
            assertThatThrownBy(() -> client.get("runs/get", Map.of("run_id", "r")))
                    .isInstanceOf(MlflowException.class).hasMessageContaining("not a JSON object");
        }
    }

    @Test
    void configRejectsHalfCredentialsAndFileUris() {
        assertThatThrownBy(() -> MlflowConfig.fromEnvironment(Map.of("MLFLOW_TRACKING_URI", "http://h",
                "MLFLOW_TRACKING_USERNAME", "u"))).hasMessageContaining("MLFLOW_TRACKING_PASSWORD");
        assertThatThrownBy(() -> MlflowConfig.fromEnvironment(Map.of("MLFLOW_TRACKING_URI", "file:///tmp/mlruns")))
                .hasMessageContaining("http");
        assertThatThrownBy(() -> MlflowConfig.fromEnvironment(Map.of())).hasMessageContaining("MLFLOW_TRACKING_URI");
        assertThat(MlflowConfig.of("http://h:5000/").trackingUri().toString()).isEqualTo("http://h:5000");
    }
}
