package io.carbonmlops.jenkins.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonmlops.meter.Measurement;
import io.carbonmlops.mlflow.CarbonRunLogger;
import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowConfig;
import io.carbonmlops.mlflow.Spool;
import io.carbonmlops.mlflow.testing.MlflowServer;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code withCarbonTracking} does before and after its body, end to end against a real {@code mlflow server}:
 * the run it creates, the environment the body gets, and what lands in MLflow and on the build page.
 */
@Timeout(300)
class TrackingSessionMlflowTest {
    private static MlflowServer server;

    @TempDir
    Path spoolDir;

    @BeforeAll
    static void startMlflow() {
        server = MlflowServer.start();
    }

    @AfterAll
    static void stopMlflow() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theBodysOwnMlflowCallsAndTheCarbonRecordLandInOneRunTaggedWithTheBuild() throws Exception {
        TrackingSettings settings = Fixtures.settings("jenkins-e2e", 1.2);
        TrackingSession session = session();
        List<String> problems = new ArrayList<>();

        StartedRun run = session.begin(settings, Fixtures.build(), "carbon-m1", problems).orElseThrow();
        Map<String, String> env = TrackingEnvironment.forBody(access(), run, settings, "carbon-m1");
        logMetricAsTheTrainingScriptWould(env, "accuracy", 0.93);
        TrackingResult result = session.end(settings, Fixtures.build(), "carbon-m1", run,
                () -> Fixtures.measurement(3.6e6, 1.2), BodyOutcome.SUCCESS);

        assertThat(problems).isEmpty();
        assertThat(result.problems()).isEmpty();
        assertThat(result.recordSafe()).isTrue();
        assertThat(env).containsEntry("MLFLOW_TRACKING_URI", server.trackingUri())
                .containsEntry("MLFLOW_RUN_ID", run.runId())
                .containsEntry("MLFLOW_EXPERIMENT_ID", run.experimentId())
                .containsEntry("CARBON_ZONE", "DE")
                .containsEntry("CARBON_PUE", "1.2")
                .containsEntry("CARBON_METER_ID", "carbon-m1");
        MlflowRunReader logged = MlflowRunReader.read(server.trackingUri(), run.runId());
        assertThat(logged.status()).isEqualTo("FINISHED");
        assertThat(logged.metrics()).containsEntry("accuracy", 0.93);
        assertThat(logged.metrics().get("carbon/facility_energy_kwh")).isCloseTo(1.2, within(1e-9));
        assertThat(result.summary().getCo2eKg()).as("1.2 kWh facility x 342 g/kWh (DE)").isCloseTo(0.4104, within(1e-12));
        assertThat(logged.metrics().get("carbon/co2e_kg")).isCloseTo(0.4104, within(1e-12));
        assertThat(logged.tags()).containsEntry("jenkins.job", "ml/train")
                .containsEntry("jenkins.build_number", "42")
                .containsEntry("jenkins.build_url", "https://ci.example.com/job/ml/job/train/42/")
                .containsEntry("jenkins.node", "gpu-1")
                .containsEntry("jenkins.stage", "Train")
                .containsEntry("team", "vision")
                .containsEntry("carbon.outcome", "success")
                .containsEntry("carbon.aborted", "false");
    }

    @Test
    void theBuildPageSummaryCarriesEnergyCo2eIntensityAndTheRunLink() throws Exception {
        TrackingSettings settings = Fixtures.settings("jenkins-e2e", 1.0);
        TrackingSession session = session();
        StartedRun run = session.begin(settings, Fixtures.build(), "carbon-m2", new ArrayList<>()).orElseThrow();

        CarbonRunSummary summary = session.end(settings, Fixtures.build(), "carbon-m2", run,
                () -> Fixtures.measurement(7.2e6, 1.0), BodyOutcome.SUCCESS).summary();

        assertThat(summary.getFacilityEnergyKwh()).isCloseTo(2.0, within(1e-12));
        assertThat(summary.getZone()).isEqualTo("DE");
        assertThat(summary.getIntensityKind()).isEqualTo("yearly-average");
        assertThat(summary.getIntensityGramsPerKwh()).as("the shipped table's DE figure").isEqualTo(342.0);
        assertThat(summary.getCo2eKg()).as("2 kWh x 342 g/kWh").isCloseTo(0.684, within(1e-12));
        assertThat(summary.getIntensitySource()).isNotBlank();
        assertThat(summary.getMlflowRunUrl()).isEqualTo(server.trackingUri() + "/#/experiments/" + run.experimentId()
                + "/runs/" + run.runId());
        assertThat(summary.getDelivery()).isEqualTo("logged");
        assertThat(summary.describe()).startsWith("train: 2 kWh, 684 g CO2e (DE, 342 g/kWh, yearly-average), body success")
                .endsWith("body success → MLflow run " + run.runId() + " (logged)");
    }

    @Test
    void anAbortedBodyStillLogsItsPartialEnergyTaggedAbortedAndKillsTheRun() throws Exception {
        TrackingSettings settings = Fixtures.settings("jenkins-e2e", 1.0);
        TrackingSession session = session();
        StartedRun run = session.begin(settings, Fixtures.build(), "carbon-m3", new ArrayList<>()).orElseThrow();

        TrackingResult result = session.end(settings, Fixtures.build(), "carbon-m3", run,
                () -> Fixtures.measurement(1.8e6, 1.0), BodyOutcome.ABORTED);

        MlflowRunReader logged = MlflowRunReader.read(server.trackingUri(), run.runId());
        assertThat(result.problems()).isEmpty();
        assertThat(logged.status()).isEqualTo("KILLED");
        assertThat(logged.metrics().get("carbon/facility_energy_kwh")).isCloseTo(0.5, within(1e-9));
        assertThat(logged.metrics().get("carbon/co2e_kg")).as("0.5 kWh x 342 g/kWh (DE)").isCloseTo(0.171, within(1e-12));
        assertThat(logged.tags()).containsEntry("carbon.outcome", "aborted").containsEntry("carbon.aborted", "true");
        assertThat(result.summary().getOutcome()).isEqualTo("aborted");
    }

    @Test
    void aMeterFailureIsAProblemNotAnExceptionAndTheRunIsStillThere() throws Exception {
        TrackingSettings settings = Fixtures.settings("jenkins-e2e", 1.0);
        TrackingSession session = session();
        StartedRun run = session.begin(settings, Fixtures.build(), "carbon-m4", new ArrayList<>()).orElseThrow();

        TrackingResult result = session.end(settings, Fixtures.build(), "carbon-m4", run, () -> {
            throw new IOException("the agent 'gpu-1' is offline");
        }, BodyOutcome.FAILURE);

        assertThat(result.problems()).containsExactly("energy could not be read from the meter: the agent 'gpu-1' is offline");
        assertThat(result.summary().getFacilityEnergyKwh()).isNull();
        assertThat(result.summary().getCo2eKg()).isNull();
        assertThat(result.summary().getMlflowRunId()).isEqualTo(run.runId());
        assertThat(result.summary().getDelivery()).isEqualTo("not logged");
        assertThat(result.recordSafe()).as("keep the agent's journal: it is all there is").isFalse();
        MlflowRunReader ended = MlflowRunReader.read(server.trackingUri(), run.runId());
        assertThat(ended.status()).as("a run the block created is not left RUNNING").isEqualTo("FAILED");
        assertThat(ended.tags()).containsEntry("carbon.status", "unmetered").containsEntry("carbon.outcome", "failure");
    }

    @Test
    void everyRecordSinkGetsTheFinishedBlockAndOneThatFailsIsAProblemThatStopsNoOther() throws Exception {
        List<BlockRecord> kept = new ArrayList<>();
        TrackingSession session = new TrackingSession(new RestMlflowRuns(access(), new Spool(spoolDir)),
                Fixtures.tableFootprints(), List.of(
                        RecordSink.named("a ledger that is down", record -> {
                            throw new IOException("ledger unreachable");
                        }),
                        RecordSink.named("the build page", kept::add)));
        TrackingSettings settings = Fixtures.settings("jenkins-e2e", 1.0);
        StartedRun run = session.begin(settings, Fixtures.build(), "carbon-m6", new ArrayList<>()).orElseThrow();

        TrackingResult result = session.end(settings, Fixtures.build(), "carbon-m6", run,
                () -> Fixtures.measurement(3.6e6, 1.0), BodyOutcome.SUCCESS);

        assertThat(result.problems()).containsExactly("the record could not be added to a ledger that is down: ledger unreachable");
        assertThat(result.recordSafe()).as("MLflow has it").isTrue();
        assertThat(kept).singleElement().satisfies(record -> {
            assertThat(record.meterId()).isEqualTo("carbon-m6");
            assertThat(record.measurement()).hasValueSatisfying(m -> assertThat(m.totalEnergyJoules()).isEqualTo(3.6e6));
            assertThat(record.footprint()).isPresent();
            assertThat(record.summary().getMlflowRunId()).isEqualTo(run.runId());
        });
    }

    @Test
    void whenMlflowIsDownTheRecordIsSpooledAndAFlushDeliversItLater() throws Exception {
        try (MlflowServer flaky = MlflowServer.start()) {
            MlflowAccess access = MlflowAccess.anonymous(flaky.trackingUri());
            TrackingSession session = new TrackingSession(new RestMlflowRuns(access, new Spool(spoolDir)),
                    Fixtures.tableFootprints());
            TrackingSettings settings = Fixtures.settings("jenkins-outage", 1.0);
            flaky.stop();
            List<String> problems = new ArrayList<>();

            StartedRun run = session.begin(settings, Fixtures.build(), "carbon-m5", problems).orElse(null);
            TrackingResult result = session.end(settings, Fixtures.build(), "carbon-m5", run,
                    () -> Fixtures.measurement(3.6e6, 1.0), BodyOutcome.SUCCESS);

            assertThat(run).isNull();
            assertThat(problems).singleElement().asString().startsWith("MLflow run could not be created in experiment 'jenkins-outage'");
            assertThat(result.problems()).isEmpty();
            assertThat(result.summary().getDelivery()).isEqualTo("spooled for a later flush");
            assertThat(result.recordSafe()).isTrue();
            assertThat(new Spool(spoolDir).size()).isPositive();

            flaky.restart();
            try (CarbonRunLogger logger = new CarbonRunLogger(new MlflowClient(MlflowConfig.of(flaky.trackingUri())),
                    new Spool(spoolDir))) {
                CarbonRunLogger.FlushReport report = logger.flush();
                assertThat(report.remaining()).isZero();
                String experimentId = logger.findExperiment("jenkins-outage").orElseThrow();
                JsonObject search = new JsonObject();
                search.add("experiment_ids", new com.google.gson.JsonArray());
                search.getAsJsonArray("experiment_ids").add(experimentId);
                JsonObject found = logger.client().post("runs/search", search, MlflowClient.Retry.SAFE);
                String runId = found.getAsJsonArray("runs").get(0).getAsJsonObject().getAsJsonObject("info")
                        .get("run_id").getAsString();
                assertThat(MlflowRunReader.read(flaky.trackingUri(), runId).metrics().get("carbon/facility_energy_kwh"))
                        .isCloseTo(1.0, within(1e-9));
            }
        }
    }

    private TrackingSession session() {
        return new TrackingSession(new RestMlflowRuns(access(), new Spool(spoolDir)), Fixtures.tableFootprints());
    }

    private static MlflowAccess access() {
        return MlflowAccess.anonymous(server.trackingUri());
    }

    private static void logMetricAsTheTrainingScriptWould(Map<String, String> env, String key, double value) {
        try (MlflowClient client = new MlflowClient(MlflowConfig.fromEnvironment(env))) {
            JsonObject metric = new JsonObject();
            metric.addProperty("run_id", env.get("MLFLOW_RUN_ID"));
            metric.addProperty("key", key);
            metric.addProperty("value", value);
            metric.addProperty("timestamp", System.currentTimeMillis());
            metric.addProperty("step", 0);
            client.post("runs/log-metric", metric, MlflowClient.Retry.SAFE);
        }
    }
}
