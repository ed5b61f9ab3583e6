package io.carbonmlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.meter.MeterClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code carbon measure --mlflow-*} without a server: the command's result always survives. */
class MlflowOptionsTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int carbon(Map<String, String> env, String... args) {
        CliEnvironment environment = new CliEnvironment(env, MeterClock.SYSTEM);
        return CarbonCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), environment).execute(args);
    }

    @Test
    void withoutATrackingUriTheCommandRunsAndTheWarningNamesTheVariable() throws Exception {
        Path marker = dir.resolve("ran");
        int exit = carbon(Map.of("CARBON_NVML_LIBRARY", "/nonexistent/libnvidia-ml.so.1"),
                "measure", "--mlflow-experiment", "e", "--", "sh", "-c", "touch '" + marker + "'; exit 4");

        assertThat(exit).isEqualTo(4);
        assertThat(marker).exists();
        assertThat(err.toString()).contains("MLFLOW_TRACKING_URI is not set");
    }

    @Test
    void anUnreachableServerSpoolsTheRecordAndKeepsTheExitCode() throws Exception {
        Path spool = dir.resolve("spool");
        int exit = carbon(Map.of("CARBON_NVML_LIBRARY", "/nonexistent/libnvidia-ml.so.1",
                        "MLFLOW_TRACKING_URI", "http://127.0.0.1:9", "MLFLOW_HTTP_REQUEST_TIMEOUT", "2",
                        "CARBON_SPOOL_DIR", spool.toString()),
                "measure", "--mlflow-experiment", "e", "--run-name", "offline", "--", "true");

        assertThat(exit).isZero();
        assertThat(err.toString()).contains("mlflow: not delivered, spooled");
        try (var files = Files.list(spool)) {
            assertThat(files.filter(f -> f.toString().endsWith(".json")).count())
                    .as("the record and the run's end wait in the spool").isEqualTo(2);
        }
    }

    @Test
    void flushWithNothingSpooledSucceeds() {
        int exit = carbon(Map.of("MLFLOW_TRACKING_URI", "http://127.0.0.1:9", "CARBON_SPOOL_DIR", dir.toString()),
                "mlflow", "flush");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("delivered 0, remaining 0");
    }
}
