package io.carbonmlops.mlflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(300)
class MlflowServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesHealthSurvivesRestartOnTheSamePortAndFreesThePortWhenClosed() throws Exception {
        MlflowServer server = MlflowServer.start();
        int port;
        try {
            port = server.port();
            String experimentId = createExperiment(server);

            server.stop();
            assertThat(server.isRunning()).isFalse();
            assertThat(portOpen(port)).isFalse();

            server.restart();
            assertThat(server.port()).isEqualTo(port);
            assertThat(get(server, "/api/2.0/mlflow/experiments/get?experiment_id=" + experimentId, null).body())
                    .contains("fixture-check");
        } finally {
            server.close();
        }
        assertThat(portOpen(port)).as("no server process outlives close()").isFalse();
        assertThat(server.workDir()).doesNotExist();
    }

    @Test
    void basicAuthServerRefusesAnonymousCallsAndAcceptsTheAdmin() throws Exception {
        try (MlflowServer server = MlflowServer.startWithBasicAuth()) {
            String admin = "Basic " + Base64.getEncoder().encodeToString(
                    (MlflowServer.ADMIN_USERNAME + ":" + MlflowServer.ADMIN_PASSWORD).getBytes());

            assertThat(get(server, "/api/2.0/mlflow/experiments/get?experiment_id=0", null).statusCode()).isEqualTo(401);
            assertThat(get(server, "/api/2.0/mlflow/experiments/get?experiment_id=0", admin).statusCode()).isEqualTo(200);
            assertThat(server.clientEnvironment()).containsEntry("MLFLOW_TRACKING_USERNAME", MlflowServer.ADMIN_USERNAME);
        }
    }

    @Test
    void noServerOutlivesAJvmKilledWithoutShutdownHooks() throws Exception {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StartAndWait.class.getName())
                .redirectErrorStream(true).start();
        int port;
        Path childWorkDir;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = lines.readLine();
            } while (line != null && !line.startsWith("port "));
            assertThat(line).as("the child JVM reports its server's port").isNotNull();
            String[] reported = line.split(" ", 3); // "port <n> <workDir>"
            port = Integer.parseInt(reported[1]);
            childWorkDir = Path.of(reported[2]);
            assertThat(portOpen(port)).isTrue();

            jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
            jvm.waitFor();
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (portOpen(port) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(portOpen(port)).as("the watchdog killed the orphaned server").isFalse();
        try (var files = java.nio.file.Files.walk(childWorkDir)) { // the killed JVM could not delete it
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** Started in a child JVM by the test above: starts a server, prints its port, waits to be killed. */
    static final class StartAndWait {
        public static void main(String[] args) throws Exception {
            MlflowServer server = MlflowServer.start();
            System.out.println("port " + server.port() + " " + server.workDir());
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }

    private String createExperiment(MlflowServer server) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.trackingUri() + "/api/2.0/mlflow/experiments/create"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"fixture-check\"}"));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return com.google.gson.JsonParser.parseString(response.body()).getAsJsonObject().get("experiment_id").getAsString();
    }

    private HttpResponse<String> get(MlflowServer server, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.trackingUri() + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean portOpen(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
