package io.carbonmlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.mlflow.testing.MlflowServer;
import io.carbonmlops.mlflow.testing.MlflowServerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunStatus;

/** {@code carbon measure --mlflow-*}, {@code carbon mlflow flush} and {@code carbon compare} against a real MLflow server. */
@Timeout(300)
class MlflowCliServerTest {
    private static final String TRAIN_SCRIPT = String.join("\n",
            "import os, sys",
            "os.environ['MLFLOW_DISABLE_TELEMETRY'] = 'true'",
            "import mlflow",
            "with mlflow.start_run() as run:",
            "    mlflow.log_param('lr', 0.1)",
            "    for epoch in range(3):",
            "        mlflow.log_metric('accuracy', 0.8 + 0.05 * epoch, step=epoch)",
            "    open(sys.argv[1], 'w').write(run.info.run_id + ' ' + os.environ['MLFLOW_EXPERIMENT_ID'])",
            "");

    @RegisterExtension
    static final MlflowServerExtension mlflow = new MlflowServerExtension();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int carbon(String... args) {
        return carbon(Map.of(), args);
    }

    private int carbon(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(mlflow.server().clientEnvironment());
        env.putAll(extraEnv);
        env.put("CARBON_NVML_LIBRARY", FakeNvmlLibrary.path().toString()); // one fake 100 W GPU
        env.put("CARBON_SPOOL_DIR", dir.resolve("spool").toString());
        CliEnvironment environment = new CliEnvironment(env, MeterClock.SYSTEM);
        return CarbonCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), environment).execute(args);
    }

    private List<String> measure(FakeMachine machine, String... options) {
        List<String> args = new ArrayList<>(List.of("measure", "--zone", "DE", "--interval", "50ms"));
        args.addAll(List.of(machine.meterOptions()));
        args.addAll(List.of(options));
        return args;
    }

    @Test
    void aPythonTrainingScriptAndTheCarbonFiguresLandInTheSameRun() throws Exception {
        FakeMachine machine = new FakeMachine(dir);
        Path script = Files.writeString(dir.resolve("train.py"), TRAIN_SCRIPT);
        Path seen = dir.resolve("seen-run.txt");
        Path json = dir.resolve("measurement.json");
        List<String> args = measure(machine, "--json", json.toString(), "--mlflow-experiment", "cli-train",
                "--run-name", "epoch3", "--", MlflowServer.venvPython().toString(), script.toString(), seen.toString());

        int exit = carbon(args.toArray(String[]::new));

        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString()).contains("mlflow: logged to run ");
        String[] scriptSaw = Files.readString(seen).split(" ");
        JsonObject written = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        String runId = written.getAsJsonObject("mlflow").get("run_id").getAsString();
        assertThat(scriptSaw[0]).as("the script's own run is carbon's run").isEqualTo(runId);
        assertThat(scriptSaw[1]).isEqualTo(written.getAsJsonObject("mlflow").get("experiment_id").getAsString());

        Run run = mlflow.reader().getRun(runId);
        Map<String, Double> metrics = run.getData().getMetricsList().stream()
                .collect(Collectors.toMap(Metric::getKey, Metric::getValue));
        assertThat(run.getInfo().getRunName()).isEqualTo("epoch3");
        assertThat(run.getInfo().getStatus().name()).isEqualTo("FINISHED");
        assertThat(mlflow.reader().getMetricHistory(runId, "accuracy")).hasSize(3);
        assertThat(run.getData().getParamsList()).anyMatch(p -> p.getKey().equals("lr"));
        // The fake GPU draws exactly 100 W, the fake RAPL counters do not move, DE is 342 g/kWh in the shipped table.
        double seconds = written.get("duration_s").getAsDouble();
        double gpuKwh = written.getAsJsonObject("energy_kwh").get("gpu").getAsDouble();
        assertThat(gpuKwh * 3.6e6).as("100 W x %s s", seconds).isCloseTo(100 * seconds, within(0.01 * 100 * seconds));
        assertThat(written.getAsJsonObject("energy_kwh").get("total").getAsDouble()).isEqualTo(gpuKwh);
        assertThat(metrics.get("carbon/gpu_energy_kwh")).isEqualTo(gpuKwh);
        assertThat(written.get("co2e_kg").getAsDouble()).isCloseTo(gpuKwh * 0.342, within(1e-15));
        assertThat(metrics.get("carbon/co2e_kg")).isEqualTo(written.get("co2e_kg").getAsDouble());
        // the power curve of the fake 100 W GPU (values vary with sampling jitter, so only their presence is exact)
        assertThat(mlflow.reader().getMetricHistory(runId, "carbon/gpu_0_power_w")).isNotEmpty()
                .allSatisfy(p -> assertThat(p.getValue()).isPositive());
        assertThat(run.getData().getTagsList()).anyMatch(t -> t.getKey().equals("carbon.zone") && t.getValue().equals("DE"));
    }

    @Test
    void aFailingCommandEndsItsRunAsFailedAndJenkinsVariablesBecomeContextTags() throws Exception {
        FakeMachine machine = new FakeMachine(dir);
        Path json = dir.resolve("failed.json");

        Map<String, String> jenkins = Map.of("JOB_NAME", "team/train", "BUILD_NUMBER", "17", "NODE_NAME", "gpu-1");

        int exit = carbon(jenkins, measure(machine, "-q", "--json", json.toString(), "--mlflow-experiment", "cli-fail",
                "--", "sh", "-c", "exit 3").toArray(String[]::new));

        assertThat(exit).isEqualTo(3);
        String runId = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonObject("mlflow")
                .get("run_id").getAsString();
        Run run = mlflow.reader().getRun(runId);
        assertThat(run.getInfo().getStatus().name()).isEqualTo("FAILED");
        assertThat(run.getData().getTagsList().stream().collect(Collectors.toMap(t -> t.getKey(), t -> t.getValue())))
                .containsEntry("carbon.context.job", "team/train").containsEntry("carbon.context.build_number", "17")
                .containsEntry("carbon.context.node", "gpu-1");
    }

    @Test
    void aMeasurementMadeWhileMlflowIsDownIsDeliveredByFlush() throws Exception {
        FakeMachine machine = new FakeMachine(dir);
        String experimentId = mlflow.reader().createExperiment("cli-flush");
        String runId = mlflow.reader().createRun(experimentId).getRunId();
        mlflow.server().stop();
        int exit;
        try {
            exit = carbon(measure(machine, "--mlflow-run-id", runId, "--mlflow-stage", "train", "--", "true")
                    .toArray(String[]::new));
        } finally {
            mlflow.server().restart();
        }
        assertThat(exit).isZero();
        assertThat(err.toString()).contains("mlflow: not delivered, spooled");
        assertThat(mlflow.reader().getRun(runId).getData().getMetricsList()).isEmpty();

        int flushed = carbon("mlflow", "flush");

        assertThat(flushed).as(err.toString()).isZero();
        assertThat(out.toString()).contains("delivered 1, remaining 0");
        Map<String, Double> metrics = mlflow.reader().getRun(runId).getData().getMetricsList().stream()
                .collect(Collectors.toMap(Metric::getKey, Metric::getValue));
        assertThat(metrics).containsKeys("carbon/co2e_kg", "carbon/stage/train/co2e_kg");
        assertThat(mlflow.reader().getRun(runId).getInfo().getStatus().name()).as("an attached run is not ended").isEqualTo("RUNNING");
    }

    @Test
    void compareMarksTheParetoFrontAmongFinishedRunsAndWritesCsvAndSvg() throws Exception {
        String experimentId = mlflow.reader().createExperiment("cli-compare");
        run(experimentId, "small", 0.0000001, 0.80, RunStatus.FINISHED);
        run(experimentId, "big", 0.0000005, 0.95, RunStatus.FINISHED);
        run(experimentId, "wasteful", 0.0000006, 0.90, RunStatus.FINISHED);   // dominated by "big"
        run(experimentId, "crashed", 0.00000001, 0.99, RunStatus.FAILED);    // would dominate all, but failed
        String bare = mlflow.reader().createRun(experimentId).getRunId();              // no carbon figures
        mlflow.reader().setTerminated(bare, RunStatus.FINISHED);
        Path csv = dir.resolve("cmp.csv");
        Path html = dir.resolve("cmp.html");

        int exit = carbon("compare", "--experiment", "cli-compare", "--metric", "accuracy", "--higher-is-better",
                "--csv", csv.toString(), "--html", html.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).containsPattern("\\* +small +FINISHED +0\\.1 +3\\.6 J +0\\.8\\b")
                .containsPattern("\\* +big +FINISHED +0\\.5 +18 J +0\\.95\\b")
                .containsPattern("\\n +wasteful +FINISHED +0\\.6 ").contains("co2e (mg)")
                .contains("not compared, 2 run(s):", "  crashed (" + RUN_IDS.get(experimentId + "/crashed")
                        + "): FAILED, not FINISHED", " (" + bare + "): no carbon/co2e_kg")
                .doesNotContainPattern("\\* +crashed");
        assertThat(Files.readAllLines(csv, StandardCharsets.UTF_8)).containsExactly(
                "run_id,run_name,status,co2e_kg,energy_kwh,accuracy,pareto_optimal",
                line(experimentId, "small", 0.0000001, 0.8, true),
                line(experimentId, "big", 0.0000005, 0.95, true),
                line(experimentId, "wasteful", 0.0000006, 0.9, false));
        assertThat(Files.readString(html)).contains("<svg", "class=\"pareto\"", "CO2e (mg)", "crashed (")
                .doesNotContain("<script", "http://cdn");

        out.getBuffer().setLength(0);
        assertThat(carbon("compare", "--experiment", "cli-compare", "--metric", "accuracy", "--higher-is-better",
                "--include-unfinished", "--csv", csv.toString(), "--html", html.toString())).isZero();
        assertThat(out.toString()).containsPattern("\\* +crashed +FAILED ").doesNotContainPattern("\\* +small");
    }

    @Test
    void anUnknownMetricListsTheMetricsThatExistAndOverwritesNothing() throws Exception {
        String experimentId = mlflow.reader().createExperiment("cli-compare-unknown");
        run(experimentId, "only", 0.5, 0.9, RunStatus.FINISHED);
        Path csv = Files.writeString(dir.resolve("keep.csv"), "earlier results\n");
        Path html = Files.writeString(dir.resolve("keep.html"), "<p>earlier</p>\n");

        int exit = carbon("compare", "--experiment", "cli-compare-unknown", "--metric", "acc", "--csv", csv.toString(),
                "--html", html.toString());

        assertThat(exit).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).contains("no run of experiment 'cli-compare-unknown' has the metric 'acc'; its runs "
                + "have: accuracy, carbon/co2e_kg, carbon/energy_kwh (nothing written)");
        assertThat(Files.readString(csv)).isEqualTo("earlier results\n");
        assertThat(Files.readString(html)).isEqualTo("<p>earlier</p>\n");
    }

    private static final Map<String, String> RUN_IDS = new HashMap<>();

    private static void run(String experimentId, String name, double co2eKg, double accuracy, RunStatus status) {
        String runId = mlflow.reader().createRun(org.mlflow.api.proto.Service.CreateRun.newBuilder()
                .setExperimentId(experimentId).setRunName(name).build()).getRunId();
        mlflow.reader().logMetric(runId, "carbon/co2e_kg", co2eKg);
        mlflow.reader().logMetric(runId, "carbon/energy_kwh", co2eKg * 10);
        mlflow.reader().logMetric(runId, "accuracy", accuracy);
        mlflow.reader().setTerminated(runId, status);
        RUN_IDS.put(experimentId + "/" + name, runId);
    }

    /** The CSV line of a run made by {@link #run}: exact figures, as Java prints doubles. */
    private static String line(String experimentId, String name, double co2eKg, double accuracy, boolean pareto) {
        return RUN_IDS.get(experimentId + "/" + name) + "," + name + ",FINISHED," + co2eKg + "," + co2eKg * 10 + ","
                + accuracy + "," + pareto;
    }
}
