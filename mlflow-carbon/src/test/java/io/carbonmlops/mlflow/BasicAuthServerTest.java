package io.carbonmlops.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.carbonmlops.meter.Measurement;
import io.carbonmlops.mlflow.testing.MlflowServer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/** A {@code --app-name basic-auth} server reached with credentials from MLFLOW_TRACKING_USERNAME/PASSWORD. */
@Timeout(300)
class BasicAuthServerTest {
    private static MlflowServer server;

    @TempDir
    Path spoolDir;

    @BeforeAll
    static void startServer() {
        server = MlflowServer.startWithBasicAuth();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private Map<String, String> env(Map<String, String> credentials) {
        Map<String, String> env = new HashMap<>(credentials);
        env.put("MLFLOW_TRACKING_URI", server.trackingUri());
        env.put("CARBON_SPOOL_DIR", spoolDir.toString());
        return env;
    }

    @Test
    void credentialsFromTheEnvironmentLogTheRecord() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Measurement m = TestMeasurements.gpuRun(start, 1, 10, 200);
        String runId;
        try (CarbonRunLogger logger = CarbonRunLogger.fromEnvironment(env(server.clientEnvironment()))) {
            MlflowRun run = logger.openRun(RunTarget.create("carbon-auth", "with-credentials", start.toEpochMilli()));
            assertThat(logger.log(run, CarbonRecord.of(m, TestMeasurements.footprint(m))).delivered()).isTrue();
            runId = run.runId().orElseThrow();
        }

        try (MlflowClient admin = new MlflowClient(new BasicMlflowHostCreds(server.trackingUri(),
                MlflowServer.ADMIN_USERNAME, MlflowServer.ADMIN_PASSWORD))) {
            double co2e = admin.getRun(runId).getData().getMetricsList().stream()
                    .filter(metric -> metric.getKey().equals("carbon/co2e_kg")).mapToDouble(Metric::getValue)
                    .findFirst().orElseThrow();
            assertThat(co2e).isCloseTo(TestMeasurements.co2eKg(m), within(1e-12));
        }
    }

    @Test
    void aWrongPasswordFailsOpeningTheRunWithAnActionableMessageAndNoSecret() {
        Map<String, String> wrong = Map.of("MLFLOW_TRACKING_USERNAME", "admin", "MLFLOW_TRACKING_PASSWORD", "wrong-pass-42");
        try (CarbonRunLogger logger = CarbonRunLogger.fromEnvironment(env(wrong))) {
            assertThatThrownBy(() -> logger.openRun(RunTarget.create("carbon-auth", "denied", 0L)))
                    .isInstanceOfSatisfying(MlflowApiException.class, e -> assertThat(e.httpStatus()).isEqualTo(401))
                    .hasMessageContaining("MLFLOW_TRACKING_USERNAME")
                    .hasMessageNotContaining("wrong-pass-42");
        }
    }

    @Test
    void aRecordRefusedForMissingCredentialsIsSpooledForALaterFlush() {
        Measurement m = TestMeasurements.gpuRun(Instant.now().truncatedTo(ChronoUnit.SECONDS), 1, 5, 100);
        String runId = "0123456789abcdef0123456789abcdef";
        MlflowRun run = new MlflowRun(RunTarget.existing(runId), Optional.of(runId), Optional.empty(),
                OptionalLong.empty(), false);
        try (CarbonRunLogger anonymous = CarbonRunLogger.fromEnvironment(env(Map.of()))) {
            CarbonRunLogger.Delivery delivery = anonymous.log(run, CarbonRecord.of(m, TestMeasurements.footprint(m)));

            assertThat(delivery.delivered()).isFalse();
            assertThat(delivery.error().orElseThrow()).contains("HTTP 401", "MLFLOW_TRACKING_USERNAME", "carbon mlflow flush");
            assertThat(anonymous.spool().size()).isEqualTo(1);
        }
    }
}
