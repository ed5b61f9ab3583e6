package io.carbonmlops.cli;

import static io.carbonmlops.ledger.testing.LedgerFixtures.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.carbonmlops.ledger.Attribution;
import io.carbonmlops.ledger.CarbonLedger;
import io.carbonmlops.ledger.EntryKind;
import io.carbonmlops.ledger.InferenceEntries;
import io.carbonmlops.ledger.InferenceRecord;
import io.carbonmlops.ledger.LedgerConfig;
import io.carbonmlops.ledger.StoredEntry;
import io.carbonmlops.ledger.keys.KeyFiles;
import io.carbonmlops.ledger.keys.PublicKeys;
import io.carbonmlops.ledger.keys.TrustList;
import io.carbonmlops.ledger.keys.TrustedKey;
import io.carbonmlops.ledger.store.EntryQuery;
import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.inference.ModelVersion;
import io.carbonmlops.mlflow.testing.MlflowServer;
import io.carbonmlops.mlflow.testing.MlflowServerExtension;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Run;

/**
 * {@code carbon measure --predictions-from} around a real scikit-learn model (iris, shipped with the package)
 * predicting in batches, with the fake NVML library's 100 W GPU: figures per 1,000 predictions in the JSON, in the
 * MLflow run and in a signed, verified ledger entry.
 */
@Timeout(300)
class InferenceCliServerTest {
    @RegisterExtension
    static final MlflowServerExtension mlflow = new MlflowServerExtension();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int carbon(String... args) {
        Map<String, String> env = new HashMap<>(mlflow.server().clientEnvironment());
        env.put("CARBON_NVML_LIBRARY", FakeNvmlLibrary.path().toString()); // one fake 100 W GPU
        env.put("CARBON_SPOOL_DIR", dir.resolve("spool").toString());
        env.put("CARBON_LEDGER_SPOOL_DIR", dir.resolve("ledger-spool").toString());
        env.put("CARBON_HOST", "serving-1");
        CliEnvironment environment = new CliEnvironment(env, MeterClock.SYSTEM);
        return CarbonCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), environment).execute(args);
    }

    private Path script() throws Exception {
        Path script = dir.resolve("serve_iris.py");
        try (InputStream in = getClass().getResourceAsStream("serve_iris.py")) {
            Files.write(script, in.readAllBytes());
        }
        return script;
    }

    @Test
    void aBatchInferenceJobGetsCo2ePerThousandPredictionsInMlflowAndTheLedger() throws Exception {
        FakeMachine machine = new FakeMachine(dir);
        Path key = KeyFiles.writeNew(dir.resolve("keys"), "serving", KEY_A).privateKey();
        Path json = dir.resolve("measurement.json");
        Path counted = dir.resolve("predictions.json");
        Path ledger = dir.resolve("ledger.db");
        List<String> args = new ArrayList<>(List.of("measure", "--zone", "DE", "--market-factor", "50", "--pue",
                "1.2", "--interval", "50ms", "--json", json.toString(), "--mlflow-experiment", "iris-serving",
                "--ledger", ledger.toString(), "--ledger-key", key.toString(), "--team", "risk", "--model-name",
                "iris", "--model-version", "3", "--predictions-from", counted.toString()));
        args.addAll(List.of(machine.meterOptions()));
        args.addAll(List.of("--", MlflowServer.venvPython().toString(), script().toString(), "2000"));

        int exit = carbon(args.toArray(String[]::new));

        assertThat(exit).as(err.toString()).isZero();
        long predictions = 2000L * 45; // 30 % of iris's 150 rows, 2000 times
        assertThat(JsonParser.parseString(Files.readString(counted)).getAsJsonObject().get("predictions").getAsLong())
                .isEqualTo(predictions);
        JsonObject written = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        JsonObject inference = written.getAsJsonObject("inference");
        assertThat(inference.get("model_name").getAsString()).isEqualTo("iris");
        assertThat(inference.get("model_version").getAsString()).isEqualTo("3");
        assertThat(inference.get("prediction_count").getAsLong()).isEqualTo(predictions);
        double co2eKg = written.get("co2e_kg").getAsDouble();
        double facilityKwh = written.getAsJsonObject("energy_kwh").get("facility").getAsDouble();
        double seconds = written.get("duration_s").getAsDouble();
        assertThat(co2eKg).as("the fake 100 W GPU drew energy").isPositive();
        double gPer1k = co2eKg * 1e6 / predictions;
        assertThat(inference.get("co2e_g_per_1k").getAsDouble()).isCloseTo(gPer1k, within(gPer1k * 1e-12));
        assertThat(inference.get("co2e_market_based_g_per_1k").getAsDouble())
                .isCloseTo(facilityKwh * 50 / (predictions / 1000.0), within(gPer1k * 1e-9));
        assertThat(inference.get("facility_energy_j_per_1k").getAsDouble())
                .isCloseTo(facilityKwh * 3.6e6 / (predictions / 1000.0), within(1e-6));
        assertThat(inference.get("predictions_per_s").getAsDouble()).isCloseTo(predictions / seconds, within(1e-6));
        assertThat(err.toString()).contains("inference: " + predictions + " predictions of iris v3");

        // MLflow: the script's accuracy and carbon's per-1k figures in the same run
        String runId = written.getAsJsonObject("mlflow").get("run_id").getAsString();
        Run run = mlflow.reader().getRun(runId);
        Map<String, Double> metrics = run.getData().getMetricsList().stream()
                .collect(Collectors.toMap(Metric::getKey, Metric::getValue));
        assertThat(metrics.get("carbon/inference_g_per_1k")).isCloseTo(gPer1k, within(gPer1k * 1e-12));
        assertThat(metrics.get("carbon/inference_predictions")).isEqualTo((double) predictions);
        assertThat(metrics.get("carbon/inference_energy_j_per_1k"))
                .isCloseTo(facilityKwh * 3.6e6 / (predictions / 1000.0), within(1e-6));
        assertThat(metrics.get("accuracy")).isBetween(0.9, 1.0);

        // Ledger: one signed inference-window entry, verified, found as the version's latest
        assertThat(carbon("ledger", "verify", "--ledger", ledger.toString())).as(err.toString()).isZero();
        TrustList trust = TrustList.of(List.of(TrustedKey.of("serving", KEY_A.publicKey())));
        try (CarbonLedger carbonLedger = CarbonLedger.open(LedgerConfig.of(new LedgerLocation.Sqlite(ledger))
                .withSpoolBase(dir.resolve("ledger-spool")))) {
            List<StoredEntry> entries = carbonLedger.entries(EntryQuery.all());
            assertThat(entries).hasSize(1);
            StoredEntry entry = entries.get(0);
            assertThat(entry.entry().kind()).isEqualTo(EntryKind.INFERENCE_WINDOW);
            assertThat(entry.entry().attribution().asMap()).containsEntry(Attribution.MODEL_NAME, "iris")
                    .containsEntry(Attribution.MODEL_VERSION, "3").containsEntry(Attribution.TEAM, "risk")
                    .containsEntry(Attribution.MLFLOW_RUN_ID, runId);
            assertThat(entry.signed().keyId()).isEqualTo(PublicKeys.keyId(KEY_A.publicKey()));
            InferenceRecord latest = InferenceEntries.latestVerified(carbonLedger, ModelVersion.of("iris", "3"),
                    trust, Optional.of("serving")).orElseThrow();
            assertThat(latest.predictionCount()).isEqualTo(predictions);
            assertThat(latest.co2eGramsPer1k().getAsDouble()).isCloseTo(gPer1k, within(gPer1k * 1e-12));
            assertThat(entry.entry().body().getAsJsonArray("devices").get(0).getAsJsonObject().get("method")
                    .getAsString()).isEqualTo("nvml-energy-counter");
        }
    }

    @Test
    void compareRanksModelsOnInferenceCo2ePerThousandPredictionsAgainstAccuracy() throws Exception {
        FakeMachine machine = new FakeMachine(dir);
        for (String c : List.of("1.0", "0.01")) {
            List<String> args = new ArrayList<>(List.of("measure", "-q", "--zone", "DE", "--interval", "50ms",
                    "--mlflow-experiment", "iris-compare", "--run-name", "C=" + c, "--model-name", "iris",
                    "--predictions-from", dir.resolve("n-" + c).toString()));
            args.addAll(List.of(machine.meterOptions()));
            args.addAll(List.of("--", MlflowServer.venvPython().toString(), script().toString(), "500", c));
            assertThat(carbon(args.toArray(String[]::new))).as(err.toString()).isZero();
        }
        Path csv = dir.resolve("compare.csv");
        out.getBuffer().setLength(0);

        int exit = carbon("compare", "--experiment", "iris-compare", "--metric", "accuracy", "--higher-is-better",
                "--carbon", "inference", "--csv", csv.toString(), "--html", dir.resolve("compare.html").toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("co2e/1k pred").contains("C=1.0").contains("C=0.01")
                .contains("less CO2e per 1,000 predictions is better");
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).startsWith("run_id,run_name,status,co2e_kg_per_1k_predictions,energy_kwh,accuracy");
        assertThat(rows).hasSize(3);
        assertThat(rows.subList(1, 3)).anyMatch(row -> row.endsWith(",true"));
    }

    @Test
    void aMissingPredictionsFileIsAWarningAndTheCommandsExitCodeStays() throws Exception {
        Path counted = dir.resolve("never-written.json");
        Path json = dir.resolve("m.json");
        int exit = carbon("measure", "--zone", "DE", "--json", json.toString(), "--model-name", "iris",
                "--predictions-from", counted.toString(), "--", "sh", "-c", "exit 4");

        assertThat(exit).isEqualTo(4);
        assertThat(err.toString()).contains("predictions file " + counted + " does not exist");
        JsonObject written = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertThat(written.has("inference")).isFalse();
        assertThat(written.getAsJsonArray("warnings").toString()).contains("does not exist");
    }
}
