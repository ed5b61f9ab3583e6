package io.carbonmlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.mlflow.testing.MlflowServerExtension;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.Run;

/** {@code carbon wait --mlflow-experiment} against a real MLflow server: the decision and its outcome on the run. */
@Timeout(300)
class WaitMlflowServerTest {
    @RegisterExtension
    static final MlflowServerExtension mlflow = new MlflowServerExtension();

    @TempDir
    Path dir;

    @Test
    void theShiftIsLoggedAsTagsMetricsAndAnArtifact() throws Exception {
        Map<String, String> env = new HashMap<>(mlflow.server().clientEnvironment());
        env.put("CARBON_NVML_LIBRARY", FakeNvmlLibrary.path().toString()); // one fake 100 W GPU
        env.put("CARBON_SPOOL_DIR", dir.resolve("spool").toString());
        Path json = dir.resolve("wait.json");
        Path ledger = dir.resolve("ledger.db");
        StringWriter err = new StringWriter();
        int exit = carbon(env, err, "wait", "--zone", "DE", "--duration", "1h", "--within", "2h",
                "--mlflow-experiment", "shifts", "--ledger", ledger.toString(), "--json", json.toString(), "--",
                "sleep", "1");
        assertThat(exit).as(err.toString()).isZero();
        JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        String runId = root.getAsJsonObject("mlflow").get("run_id").getAsString();
        JsonObject outcome = root.getAsJsonObject("shift").getAsJsonObject("outcome");

        Run run = mlflow.reader().getRun(runId);
        Map<String, String> tags = run.getData().getTagsList().stream()
                .collect(Collectors.toMap(t -> t.getKey(), t -> t.getValue()));
        Map<String, Double> metrics = run.getData().getMetricsList().stream()
                .collect(Collectors.toMap(m -> m.getKey(), m -> m.getValue()));
        // Only the shipped table is configured: no basis for shifting, so it ran at once and saved exactly 0.
        assertThat(tags).containsEntry("carbon.shift.forecast_method", "none")
                .containsEntry("carbon.shift.forecast_provider", "table")
                .containsKey("carbon.shift.decided_at").containsKey("carbon.shift.started_at");
        assertThat(tags.get("carbon.shift.notes")).contains("cannot show a saving");
        assertThat(metrics.get("carbon/shift_saved_kg")).isEqualTo(outcome.get("saved_kg").getAsDouble())
                .isEqualTo(0.0);
        assertThat(metrics.get("carbon/shift_run_now_co2e_kg")).isEqualTo(outcome.get("run_now_co2e_kg").getAsDouble())
                .isEqualTo(metrics.get("carbon/co2e_kg")).isPositive();
        String recordDir = root.getAsJsonObject("mlflow").get("record_id").getAsString();
        assertThat(listArtifacts(runId, "carbon/" + recordDir)).contains("carbon/" + recordDir + "/shift.json");

        // carbon report, from the ledger and from MLflow, counts the shifted run and what it saved
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        for (String source : new String[] {"--ledger=" + ledger, "--mlflow-experiment=shifts"}) {
            Path out = Files.createDirectories(dir.resolve("report" + source.length()));
            assertThat(carbon(env, err, "report", "--from", today.minusDays(1).toString(), "--to",
                    today.plusDays(2).toString(), "--format", "json,html", "--out", out.toString(), source))
                    .as(err.toString()).isZero();
            JsonObject totals = JsonParser.parseString(Files.readString(out.resolve("carbon-report.json")))
                    .getAsJsonObject().getAsJsonObject("totals");
            JsonObject shift = totals.getAsJsonObject("shift");
            assertThat(shift.get("records").getAsLong()).as(source).isEqualTo(1);
            assertThat(shift.get("saved_kg").getAsDouble()).as(source).isEqualTo(0.0);
            assertThat(shift.get("run_now_co2e_kg").getAsDouble()).as(source)
                    .isEqualTo(outcome.get("run_now_co2e_kg").getAsDouble());
            assertThat(Files.readString(out.resolve("carbon-report.html"))).as(source)
                    .contains("Saved by carbon-aware shifts (1 record)");
        }
    }

    private static int carbon(Map<String, String> env, StringWriter err, String... args) {
        return CarbonCli.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                new CliEnvironment(env, MeterClock.SYSTEM)).execute(args);
    }

    /** REST artifacts/list (the Java client's listArtifacts shells out to a Python it cannot find here). */
    private static String listArtifacts(String runId, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(mlflow.server().trackingUri() + "/api/2.0/mlflow/artifacts/list"
                + "?run_id=" + runId + "&path=" + path)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
