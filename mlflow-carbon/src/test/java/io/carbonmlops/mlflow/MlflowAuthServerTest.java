package io.carbonmlops.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.mlflow.client.MlflowApiException;
import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowClient.Retry;
import io.carbonmlops.mlflow.client.MlflowConfig;
import io.carbonmlops.mlflow.testing.MlflowServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one client and the run logger against a real {@code mlflow server} with authentication: HTTP Basic (MLflow's
 * {@code basic-auth} app) and bearer tokens (a custom {@code authorization_function}, MLflow's extension point for
 * token auth), credentials from the standard variables, and MLflow's own 401, 403 and 404 answers.
 */
@Tag("mlflow-compat")
@Timeout(300)
class MlflowAuthServerTest {
    private static final String ALICE_TOKEN = "tok-alice-4f1d9a";
    private static final String BOB_PASSWORD = "bob-Password-91x";
    private static MlflowServer server;
    private static String aliceExperiment;
    private static String closedExperiment;
    private static String bobExperiment;

    @TempDir
    Path home;

    @BeforeAll
    static void startServer() {
        server = MlflowServer.builder().bearerToken(ALICE_TOKEN, "alice").start();
        server.createUser("alice", "alice-Password-77y");
        server.createUser("bob", BOB_PASSWORD);
        try (MlflowClient admin = new MlflowClient(MlflowConfig.fromEnvironment(server.clientEnvironment()))) {
            aliceExperiment = create(admin, "alice-work");
            closedExperiment = create(admin, "closed");
            bobExperiment = create(admin, "bob-work");
        }
        server.grantExperiment(aliceExperiment, "alice", "EDIT");
        server.grantExperiment(bobExperiment, "bob", "EDIT");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static String create(MlflowClient client, String name) {
        JsonObject body = new JsonObject();
        body.addProperty("name", name);
        return client.post("experiments/create", body, Retry.NEVER).get("experiment_id").getAsString();
    }

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("MLFLOW_TRACKING_URI", server.trackingUri());
        env.put("CARBON_SPOOL_DIR", home.resolve("spool").toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static JsonObject newRun(String experimentId) {
        JsonObject body = new JsonObject();
        body.addProperty("experiment_id", experimentId);
        body.addProperty("start_time", System.currentTimeMillis());
        return body;
    }

    @Test
    void basicCredentialsFromTheEnvironmentReadAndWrite() {
        try (MlflowClient client = new MlflowClient(MlflowConfig.fromEnvironment(env(
                "MLFLOW_TRACKING_USERNAME", MlflowServer.ADMIN_USERNAME,
                "MLFLOW_TRACKING_PASSWORD", MlflowServer.ADMIN_PASSWORD)))) {
            String created = create(client, "by-admin");
            assertThat(client.get("experiments/get-by-name", Map.of("experiment_name", "by-admin"))
                    .getAsJsonObject("experiment").get("experiment_id").getAsString()).isEqualTo(created);
        }
    }

    @Test
    void aTokenFromTheEnvironmentActsAsItsUser() {
        try (MlflowClient alice = new MlflowClient(MlflowConfig.fromEnvironment(env("MLFLOW_TRACKING_TOKEN", ALICE_TOKEN)))) {
            JsonObject run = alice.post("runs/create", newRun(aliceExperiment), Retry.NEVER).getAsJsonObject("run");

            assertThat(run.getAsJsonObject("info").get("experiment_id").getAsString()).isEqualTo(aliceExperiment);
            assertThatThrownBy(() -> alice.post("runs/create", newRun(closedExperiment), Retry.NEVER))
                    .as("alice may not write to an experiment she has no permission on")
                    .isInstanceOfSatisfying(MlflowApiException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(403);
                        assertThat(e.isAuthFailure()).isTrue();
                        assertThat(e.getMessage()).contains("POST runs/create", "lacks permission")
                                .doesNotContain(ALICE_TOKEN);
                    });
        }
    }

    /** With a username, a password and a token set, MLflow's client sends Basic; so do we, and the server agrees. */
    @Test
    void withBothKindsSetBasicAuthIsWhatTheServerSees() {
        try (MlflowClient client = new MlflowClient(MlflowConfig.fromEnvironment(env("MLFLOW_TRACKING_USERNAME", "bob",
                "MLFLOW_TRACKING_PASSWORD", BOB_PASSWORD, "MLFLOW_TRACKING_TOKEN", ALICE_TOKEN)))) {
            assertThatThrownBy(() -> client.post("runs/create", newRun(aliceExperiment), Retry.NEVER))
                    .as("bob (basic) has no permission where alice (token) has")
                    .isInstanceOfSatisfying(MlflowApiException.class, e -> assertThat(e.httpStatus()).isEqualTo(403));
        }
    }

    @Test
    void missingOrWrongCredentialsGetMlflowsOwn401WithTheVariablesToSetAndNoSecret() {
        for (Map<String, String> env : Stream.of(env(),
                env("MLFLOW_TRACKING_USERNAME", "admin", "MLFLOW_TRACKING_PASSWORD", "wrong-pass-42"),
                env("MLFLOW_TRACKING_TOKEN", "tok-wrong-42")).toList()) {
            try (MlflowClient client = new MlflowClient(MlflowConfig.fromEnvironment(env))) {
                assertThatThrownBy(() -> client.get("experiments/get", Map.of("experiment_id", aliceExperiment)))
                        .isInstanceOfSatisfying(MlflowApiException.class, e -> {
                            assertThat(e.httpStatus()).isEqualTo(401);
                            assertThat(e.isTransient()).isFalse();
                            assertThat(e.getMessage()).contains("MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_TOKEN")
                                    .doesNotContain("wrong-pass-42", "tok-wrong-42");
                        });
            }
        }
    }

    @Test
    void anUnknownRunIsMlflowsNotFound() {
        try (MlflowClient admin = new MlflowClient(MlflowConfig.fromEnvironment(server.clientEnvironment()))) {
            assertThatThrownBy(() -> admin.get("runs/get", Map.of("run_id", "0123456789abcdef0123456789abcdef")))
                    .isInstanceOfSatisfying(MlflowApiException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(404);
                        assertThat(e.errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
                        assertThat(e.isNotFound()).isTrue();
                    });
        }
    }

    @Test
    void theLoggerDeliversWithATokenFromTheEnvironment() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Measurement m = TestMeasurements.gpuRun(start, 1, 10, 200);
        String runId;
        try (CarbonRunLogger logger = CarbonRunLogger.fromEnvironment(env("MLFLOW_TRACKING_TOKEN", ALICE_TOKEN))) {
            MlflowRun run = logger.openRun(RunTarget.create("alice-work", "with-token", start.toEpochMilli()));
            CarbonRunLogger.Delivery delivery = logger.log(run, CarbonRecord.of(m, TestMeasurements.footprint(m)));
            assertThat(delivery.delivered()).as(delivery.error().orElse("")).isTrue();
            runId = run.runId().orElseThrow();
        }

        try (MlflowClient admin = new MlflowClient(MlflowConfig.fromEnvironment(server.clientEnvironment()))) {
            double co2e = admin.get("runs/get", Map.of("run_id", runId)).getAsJsonObject("run").getAsJsonObject("data")
                    .getAsJsonArray("metrics").asList().stream().map(e -> e.getAsJsonObject())
                    .filter(metric -> metric.get("key").getAsString().equals("carbon/co2e_kg"))
                    .mapToDouble(metric -> metric.get("value").getAsDouble()).findFirst().orElseThrow();
            assertThat(co2e).isCloseTo(TestMeasurements.co2eKg(m), within(1e-12));
        }
    }

    /**
     * Alice (token) and Bob (basic) each spool a record while MLflow is down, into one spool. Bob's flush delivers
     * his own and leaves Alice's, which he may not write (MLflow would answer 403), for her flush; the spool never
     * held either secret.
     */
    @Test
    void eachSpooledRecordIsDeliveredWithTheCredentialsOfWhoeverSpooledIt() throws Exception {
        Map<String, String> alice = env("MLFLOW_TRACKING_TOKEN", ALICE_TOKEN);
        Map<String, String> bob = env("MLFLOW_TRACKING_USERNAME", "bob", "MLFLOW_TRACKING_PASSWORD", BOB_PASSWORD);
        String aliceRun;
        String bobRun;
        try (MlflowClient admin = new MlflowClient(MlflowConfig.fromEnvironment(server.clientEnvironment()))) {
            aliceRun = admin.post("runs/create", newRun(aliceExperiment), Retry.NEVER).getAsJsonObject("run")
                    .getAsJsonObject("info").get("run_id").getAsString();
            bobRun = admin.post("runs/create", newRun(bobExperiment), Retry.NEVER).getAsJsonObject("run")
                    .getAsJsonObject("info").get("run_id").getAsString();
        }
        Measurement m = TestMeasurements.gpuRun(Instant.now().truncatedTo(ChronoUnit.SECONDS), 1, 5, 100);
        server.stop();
        try {
            for (var who : List.of(Map.entry(alice, aliceRun), Map.entry(bob, bobRun))) {
                try (CarbonRunLogger logger = CarbonRunLogger.fromEnvironment(who.getKey())) {
                    MlflowRun run = new MlflowRun(RunTarget.existing(who.getValue()), Optional.of(who.getValue()),
                            Optional.empty(), OptionalLong.empty(), false);
                    assertThat(logger.log(run, CarbonRecord.of(m, TestMeasurements.footprint(m))).delivered()).isFalse();
                }
            }
        } finally {
            server.restart();
        }
        Spool spool = Spool.fromEnvironment(alice);
        for (Spool.Entry entry : spool.entries(new java.util.ArrayList<>())) {
            assertThat(Files.readString(entry.file())).doesNotContain(ALICE_TOKEN, BOB_PASSWORD);
        }

        CarbonRunLogger.FlushReport asBob;
        try (CarbonRunLogger logger = CarbonRunLogger.fromEnvironment(bob)) {
            asBob = logger.flush();
        }
        CarbonRunLogger.FlushReport asAlice;
        try (CarbonRunLogger logger = CarbonRunLogger.fromEnvironment(alice)) {
            asAlice = logger.flush();
        }

        assertThat(asBob.errors()).isEmpty();
        assertThat(asBob.delivered()).isEqualTo(1);
        assertThat(asBob.otherCredentials()).isEqualTo(1);
        assertThat(asBob.undelivered()).isZero();
        assertThat(asAlice.errors()).isEmpty();
        assertThat(asAlice.delivered()).isEqualTo(1);
        assertThat(asAlice.remaining()).isZero();
        try (MlflowClient admin = new MlflowClient(MlflowConfig.fromEnvironment(server.clientEnvironment()))) {
            for (String runId : List.of(aliceRun, bobRun)) {
                assertThat(admin.get("runs/get", Map.of("run_id", runId)).toString()).contains("carbon/co2e_kg");
            }
        }
    }

    @Test
    void aRecordRefusedForMissingCredentialsIsSpooledWithoutAnySecret() throws Exception {
        Measurement m = TestMeasurements.gpuRun(Instant.now().truncatedTo(ChronoUnit.SECONDS), 1, 5, 100);
        String runId = "0123456789abcdef0123456789abcdef";
        MlflowRun run = new MlflowRun(RunTarget.existing(runId), Optional.of(runId), Optional.empty(),
                OptionalLong.empty(), false);
        try (CarbonRunLogger wrong = CarbonRunLogger.fromEnvironment(env("MLFLOW_TRACKING_USERNAME", "admin",
                "MLFLOW_TRACKING_PASSWORD", "wrong-pass-42"))) {
            CarbonRunLogger.Delivery delivery = wrong.log(run, CarbonRecord.of(m, TestMeasurements.footprint(m)));

            assertThat(delivery.delivered()).isFalse();
            assertThat(delivery.error().orElseThrow()).contains("HTTP 401", "MLFLOW_TRACKING_USERNAME", "carbon mlflow flush")
                    .doesNotContain("wrong-pass-42");
            assertThat(wrong.spool().size()).isEqualTo(1);
            List<Path> spooled;
            try (Stream<Path> files = Files.walk(wrong.spool().directory())) {
                spooled = files.filter(f -> f.toString().endsWith(".json")).toList();
            }
            assertThat(spooled).hasSize(1);
            assertThat(Files.readString(spooled.get(0))).contains("\"credentials\":\"basic:admin\"")
                    .doesNotContain("wrong-pass-42", "d3JvbmctcGFzcy00Mg");
        }
    }
}
