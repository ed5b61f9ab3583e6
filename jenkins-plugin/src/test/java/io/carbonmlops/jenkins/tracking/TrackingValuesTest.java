package io.carbonmlops.jenkins.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The values a tracked block is configured with and what it exports, without MLflow. */
class TrackingValuesTest {
    private static final CarbonDefaults DEFAULTS = new CarbonDefaults("http://mlflow:5000", "team-experiments", "FR",
            1.3, "table", null);

    @Test
    void leftOutParametersFallBackOnTheGlobalDefaultsThenOnTheBuild() {
        TrackingSettings settings = TrackingSettings.resolve(
                new TrackingSettings.Requested(null, " ", null, null, null, "", Map.of(), false), DEFAULTS, Fixtures.build());

        assertThat(settings.experiment()).isEqualTo("team-experiments");
        assertThat(settings.runName()).isEqualTo("ml/train #42 Train");
        assertThat(settings.zone()).isEqualTo("FR");
        assertThat(settings.pue()).isEqualTo(1.3);
        assertThat(settings.gpus()).isNull();
        assertThat(settings.runId()).isNull();
    }

    @Test
    void givenParametersWinOverTheDefaults() {
        TrackingSettings settings = TrackingSettings.resolve(
                new TrackingSettings.Requested("resnet", "epoch-1", "abc123", "aws:eu-west-1", 1.1, "0,2",
                        Map.of("team", "vision"), true), DEFAULTS, Fixtures.build());

        assertThat(settings).isEqualTo(new TrackingSettings("resnet", "epoch-1", "abc123", "aws:eu-west-1", 1.1, "0,2",
                Map.of("team", "vision"), true));
    }

    @Test
    void withoutAnyExperimentTheJobNameIsUsed() {
        TrackingSettings settings = TrackingSettings.resolve(
                new TrackingSettings.Requested(null, null, null, null, null, null, Map.of(), false), CarbonDefaults.none(),
                Fixtures.build());

        assertThat(settings.experiment()).isEqualTo("ml/train");
        assertThat(settings.pue()).isEqualTo(1.0);
    }

    @Test
    void anImpossiblePueIsRefusedWithTheTypicalRange() {
        assertThatThrownBy(() -> new TrackingSettings("e", "r", null, null, 0.9, null, Map.of(), false))
                .hasMessage("pue must be between 1.0 and 5.0, was 0.9 (1.0 means no facility overhead; typical data"
                        + " centres report 1.1 to 1.6)");
    }

    @Test
    void tagsAreKeyValuePairsAndABadOneIsNamed() {
        assertThat(TagList.parse(List.of("team=vision", "dataset=imagenet=1k", "empty=")))
                .containsExactly(Map.entry("team", "vision"), Map.entry("dataset", "imagenet=1k"), Map.entry("empty", ""));
        assertThatThrownBy(() -> TagList.parse(List.of("team=vision", "oops")))
                .hasMessage("tag 'oops' must look like key=value (for example team=vision)");
        assertThatThrownBy(() -> TagList.parse(List.of("=x"))).hasMessageContaining("'=x'");
        assertThatThrownBy(() -> TagList.parse(List.of("a=1", "a=2"))).hasMessage("tag 'a' is given twice");
    }

    @Test
    void buildInfoComesFromTheBodysEnvironmentAndAnEnclosingRunBecomesTheParent() {
        BuildInfo nested = BuildInfo.fromEnvironment(Map.of("JOB_NAME", "ml/train", "BUILD_NUMBER", "7",
                "NODE_NAME", "gpu-2", "MLFLOW_RUN_ID", "outer-run"));

        assertThat(nested).isEqualTo(new BuildInfo("ml/train", "7", null, "gpu-2", null, "outer-run"));
        assertThat(nested.defaultRunName()).isEqualTo("ml/train #7");
        assertThat(JenkinsTags.atStart(nested, Fixtures.settings("e", 1.0), "m")).containsEntry("mlflow.parentRunId", "outer-run")
                .doesNotContainKeys("jenkins.build_url", "jenkins.stage");
    }

    @Test
    void theBodyGetsTheRunAndTheCredentialsWithPasswordsMarkedSensitive() {
        MlflowAccess access = new MlflowAccess("http://mlflow:5000", "ci", "s3cret", null);
        StartedRun run = new StartedRun("3", "run-9", true, "http://mlflow:5000/#/experiments/3/runs/run-9");

        Map<String, String> env = TrackingEnvironment.forBody(access, run, Fixtures.settings("e", 1.25), "carbon-x");

        assertThat(env).containsExactly(Map.entry("MLFLOW_TRACKING_URI", "http://mlflow:5000"),
                Map.entry("MLFLOW_RUN_ID", "run-9"), Map.entry("MLFLOW_EXPERIMENT_ID", "3"),
                Map.entry("MLFLOW_TRACKING_USERNAME", "ci"), Map.entry("MLFLOW_TRACKING_PASSWORD", "s3cret"),
                Map.entry("CARBON_METER_ID", "carbon-x"), Map.entry("CARBON_EXPERIMENT", "e"),
                Map.entry("CARBON_ZONE", "DE"), Map.entry("CARBON_PUE", "1.25"));
        assertThat(TrackingEnvironment.SENSITIVE).containsExactlyInAnyOrder("MLFLOW_TRACKING_PASSWORD", "MLFLOW_TRACKING_TOKEN");
    }

    @Test
    void withoutARunTheBodyStillGetsTheCarbonSettingsButNoRunToPretendToLogInto() {
        Map<String, String> withoutRun = TrackingEnvironment.forBody(MlflowAccess.anonymous("http://mlflow:5000"), null,
                Fixtures.settings("e", 1.0), "carbon-y");
        Map<String, String> withoutMlflow = TrackingEnvironment.forBody(null, null, Fixtures.settings("e", 1.0), "carbon-z");

        assertThat(withoutRun).containsEntry("MLFLOW_TRACKING_URI", "http://mlflow:5000")
                .doesNotContainKeys("MLFLOW_RUN_ID", "MLFLOW_EXPERIMENT_ID").containsEntry("CARBON_METER_ID", "carbon-y");
        assertThat(withoutMlflow).containsOnlyKeys("CARBON_METER_ID", "CARBON_EXPERIMENT", "CARBON_ZONE", "CARBON_PUE");
    }

    @Test
    void accessNeverPrintsItsSecrets() {
        assertThat(new MlflowAccess("http://m", "ci", "s3cret", null).toString()).doesNotContain("s3cret").contains("ci");
        assertThat(new MlflowAccess("http://m", null, null, "tok-123").toString()).doesNotContain("tok-123");
        assertThatThrownBy(() -> new MlflowAccess("http://m", "ci", null, null)).hasMessageContaining("both a username and a password");
    }

    @Test
    void whatTheStepExecutionPersistsSurvivesSerialization() throws Exception {
        TrackingSettings settings = new TrackingSettings("resnet", "epoch-1", null, "DE", 1.2, "0,2",
                Map.of("team", "vision"), true);
        StartedRun run = new StartedRun("7", "abc123", true, "http://mlflow:5000/#/experiments/7/runs/abc123");

        assertThat(roundTrip(settings)).isEqualTo(settings);
        assertThat(roundTrip(Fixtures.build())).isEqualTo(Fixtures.build());
        assertThat(roundTrip(run)).isEqualTo(run);
        assertThat(roundTrip(BodyOutcome.ABORTED)).isSameAs(BodyOutcome.ABORTED);
    }

    @Test
    void anInterruptionIsAnAbortAnythingElseAFailure() {
        assertThat(BodyOutcome.of(null)).isEqualTo(BodyOutcome.SUCCESS);
        assertThat(BodyOutcome.of(new InterruptedException("aborted by user"))).isEqualTo(BodyOutcome.ABORTED);
        assertThat(BodyOutcome.of(new RuntimeException("script returned exit code 1"))).isEqualTo(BodyOutcome.FAILURE);
        assertThat(JenkinsTags.atEnd(BodyOutcome.ABORTED)).containsEntry("carbon.outcome", "aborted")
                .containsEntry("carbon.aborted", "true");
    }

    /** Java serialization, as program.dat (JBoss River) and remoting apply to the execution's fields. */
    private static Object roundTrip(Object value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }
}
