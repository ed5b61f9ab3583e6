package io.carbonmlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.mlflow.gate.MlflowSeed;
import io.carbonmlops.mlflow.testing.MlflowServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.carbonmlops.ledger.keys.KeyFiles;
import io.carbonmlops.mlflow.gate.TestLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carbon gate serve} in front of an MLflow with authentication, started with the admin's credentials in its
 * environment (as an operator might): a caller who sends none still gets MLflow's 401, not a decision read with the
 * admin's rights (run names, figures, budgets).
 */
@Timeout(300)
class GateServeAuthTest {
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString(
            (MlflowServer.ADMIN_USERNAME + ":" + MlflowServer.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));

    @Test
    void anAnonymousCallerGetsMlflows401EvenWhenTheGateHasCredentialsInItsEnvironment(@TempDir Path work)
            throws Exception {
        try (MlflowServer server = MlflowServer.startWithBasicAuth()) {
            MlflowSeed seed = new MlflowSeed(server.trackingUri(), ADMIN);
            String experiment = seed.experiment("gate-auth-cli");
            seed.registeredModel("fraud-detector");
            String heavyRun = seed.runWithCo2e(experiment, "heavy-secret-project", 3.0, Map.of());
            String heavyVersion = seed.version("fraud-detector", heavyRun);
            Path ledgerFile;
            try (TestLedger ledger = TestLedger.in(work)) {
                ledger.measure(heavyRun, 3.0, Instant.now());
                ledgerFile = ledger.file();
            }
            Path gateKey = KeyFiles.writeNew(work.resolve("keys"), "gate", TestLedger.GATE).privateKey();
            Path policy = work.resolve("gate.yaml");
            Files.writeString(policy, TestLedger.trustYaml() + "ledger: " + ledgerFile + "\n"
                    + "rules:\n  - {model: \"fraud-*\", stage: Production, budget_kg: 1.0}\n");
            Path stderr = work.resolve("serve.err");
            Map<String, String> operatorEnv = Map.of("MLFLOW_TRACKING_USERNAME", MlflowServer.ADMIN_USERNAME,
                    "MLFLOW_TRACKING_PASSWORD", MlflowServer.ADMIN_PASSWORD, "HOME", work.toString(),
                    "CARBON_GATE_KEY", gateKey.toString());
            try (CarbonProcess serve = CarbonProcess.start(operatorEnv, stderr, List.of("gate", "serve",
                    "--upstream", server.trackingUri(), "--listen", "127.0.0.1:0", "--policy", policy.toString()))) {
                URI proxy = awaitListening(stderr, serve);
                String body = "{\"name\":\"fraud-detector\",\"version\":\"" + heavyVersion + "\",\"stage\":\"Production\"}";

                HttpResponse<String> anonymous = transition(proxy, body, null);
                HttpResponse<String> admin = transition(proxy, body, ADMIN);

                assertThat(anonymous.statusCode()).isEqualTo(401);
                assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                        challenge -> assertThat(challenge).startsWith("Basic"));
                assertThat(anonymous.body()).contains("UNAUTHENTICATED")
                        .doesNotContain(heavyRun, "heavy-secret-project", "budget", "kg");
                assertThat(admin.statusCode()).as("the caller's own credentials are judged: over budget")
                        .isEqualTo(403);
                assertThat(admin.body()).contains("PERMISSION_DENIED", "exceeds the budget");
                assertThat(seed.stage("fraud-detector", heavyVersion)).isEqualTo("None");
            }
        }
    }

    private static HttpResponse<String> transition(URI proxy, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(proxy.resolve("/api/2.0/mlflow/model-versions/transition-stage"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI awaitListening(Path stderr, CarbonProcess serve) throws Exception {
        Pattern listening = Pattern.compile("listening on (http://\\S+),");
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            String text = Files.exists(stderr) ? Files.readString(stderr) : "";
            Matcher matcher = listening.matcher(text);
            if (matcher.find()) {
                return URI.create(matcher.group(1));
            }
            if (!serve.process().isAlive()) {
                throw new AssertionError("carbon gate serve exited: " + text);
            }
            Thread.sleep(Duration.ofMillis(200).toMillis());
        }
        throw new AssertionError("carbon gate serve did not start listening: " + Files.readString(stderr));
    }
}
