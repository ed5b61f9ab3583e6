package io.carbonmlops.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowConfig;
import io.carbonmlops.mlflow.client.MlflowCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A spooled write the server refuses for good goes to the dead letters; one refused for now stays in line. */
@Timeout(30)
class SpoolRejectionTest {
    private final MockWebServer server = new MockWebServer();
    @TempDir
    Path dir;
    private CarbonRunLogger logger;

    @BeforeEach
    void start() throws Exception {
        server.start();
        logger = new CarbonRunLogger(new MlflowClient(MlflowConfig.of(server.url("/").toString())
                .withRetries(1, Duration.ZERO)), new Spool(dir));
    }

    @AfterEach
    void stop() throws Exception {
        logger.close();
        server.close();
    }

    @Test
    void aWriteTheServerRejectsMovesToRejectedWithItsErrorAndIsNotResent() throws Exception {
        RunWrite write = spooledEndOf("run-1");
        server.enqueue(new MockResponse.Builder().code(400)
                .body("{\"error_code\":\"INVALID_PARAMETER_VALUE\",\"message\":\"Invalid run id\"}").build());

        CarbonRunLogger.FlushReport report = logger.flush();
        CarbonRunLogger.FlushReport again = logger.flush();

        Path rejected = dir.resolve("rejected").resolve(write.recordId() + ".json");
        assertThat(report.delivered()).isZero();
        assertThat(report.remaining()).isZero();
        assertThat(report.errors()).singleElement().asString()
                .contains("INVALID_PARAMETER_VALUE", "warning: rejected by the server", rejected.toString());
        assertThat(Files.readString(rejected)).contains("INVALID_PARAMETER_VALUE", "run-1");
        assertThat(again.errors()).isEmpty();
        assertThat(server.getRequestCount()).as("the rejected write is sent once").isEqualTo(1);
    }

    /** A server (or a proxy before it) that echoes the request must not put the secret into the dead letters. */
    @Test
    void theServersAnswerIsKeptRedacted() throws Exception {
        MlflowCredentials token = MlflowCredentials.resolve(null, null, "tok-s3cret-99");
        RunWrite write = RunWrite.endRun(logger.client().config().trackingUri().toString(), RunTarget.existing("run-4"),
                RunStatus.FINISHED, System.currentTimeMillis());
        logger.spool().put(write, token.identity(), "connection refused");
        server.enqueue(new MockResponse.Builder().code(400).body("{\"error_code\":\"BAD_REQUEST\",\"message\":"
                + "\"refused Authorization: Bearer tok-s3cret-99 for https://ci:hunter2@mlflow.example\"}").build());
        try (CarbonRunLogger withToken = new CarbonRunLogger(new MlflowClient(logger.client().config()
                .withCredentials(token)), logger.spool())) {
            withToken.flush();
        }

        String rejected = Files.readString(dir.resolve("rejected").resolve(write.recordId() + ".json"));
        assertThat(rejected).contains("BAD_REQUEST", "Authorization: ****", "ci:****@mlflow.example")
                .doesNotContain("tok-s3cret-99", "hunter2");
    }

    @Test
    void aWriteRefusedForMissingCredentialsStaysInTheSpool() {
        RunWrite write = spooledEndOf("run-2");
        server.enqueue(new MockResponse.Builder().code(401).body("You are not authenticated.").build());

        CarbonRunLogger.FlushReport report = logger.flush();

        assertThat(report.remaining()).isEqualTo(1);
        assertThat(dir.resolve(write.recordId() + ".json")).exists();
        assertThat(dir.resolve("rejected")).doesNotExist();
    }

    @Test
    void aRejectionOfARetryStaysInTheSpoolBecauseTheFirstAttemptMayHaveBeenApplied() {
        RunWrite write = spooledEndOf("run-3");
        server.enqueue(new MockResponse.Builder().code(503).body("busy").build());
        server.enqueue(new MockResponse.Builder().code(400)
                .body("{\"error_code\":\"INVALID_PARAMETER_VALUE\",\"message\":\"duplicate metric\"}").build());

        try (CarbonRunLogger retrying = new CarbonRunLogger(new MlflowClient(logger.client().config()
                .withRetries(2, Duration.ZERO)), logger.spool())) {
            CarbonRunLogger.FlushReport report = retrying.flush();

            assertThat(report.remaining()).isEqualTo(1);
            assertThat(report.errors()).singleElement().asString().contains("on a retry").doesNotContain("rejected");
        }
        assertThat(dir.resolve(write.recordId() + ".json")).exists();
        assertThat(dir.resolve("rejected")).doesNotExist();
    }

    private RunWrite spooledEndOf(String runId) {
        RunWrite write = RunWrite.endRun(logger.client().config().trackingUri().toString(), RunTarget.existing(runId),
                RunStatus.FINISHED, System.currentTimeMillis());
        logger.spool().put(write, "none", "connection refused");
        return write;
    }
}
