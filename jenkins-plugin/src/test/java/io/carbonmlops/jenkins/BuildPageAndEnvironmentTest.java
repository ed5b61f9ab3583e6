package io.carbonmlops.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import hudson.EnvVars;
import io.carbonmlops.jenkins.tracking.BodyOutcome;
import io.carbonmlops.jenkins.tracking.BuildInfo;
import io.carbonmlops.jenkins.tracking.CarbonRunSummary;
import io.carbonmlops.jenkins.tracking.MlflowRuns;
import io.carbonmlops.jenkins.tracking.StartedRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Jenkins-facing pieces whose logic needs no running Jenkins: build page totals and the body's variables. */
class BuildPageAndEnvironmentTest {
    private static final BuildInfo BUILD = BuildInfo.fromEnvironment(Map.of("JOB_NAME", "ml/train", "NODE_NAME", "gpu-1"));

    @Test
    void theBuildPageTotalsOnlyKnownFiguresAndSaysWhenSomeAreMissing() {
        CarbonBuildAction action = new CarbonBuildAction();
        action.add(CarbonRunSummary.of("train", BUILD, BodyOutcome.SUCCESS, null, null,
                new StartedRun("1", "r1", true, "http://m/#/experiments/1/runs/r1"), MlflowRuns.Delivery.LOGGED, List.of()));
        action.add(CarbonRunSummary.of("eval", BUILD, BodyOutcome.FAILURE, null, null, null, null,
                List.of("energy could not be read from the meter: offline")));

        assertThat(action.getTotalEnergyKwh()).isCloseTo(0.0, within(0.0));
        assertThat(action.isIncomplete()).isTrue();
        assertThat(action.getTotalsText()).isEqualTo("0 J, 0 g CO2e (2 blocks); some figures are missing, see the log");
        assertThat(action.getBlocks()).extracting(CarbonRunSummary::getLabel).containsExactly("train", "eval");
        assertThat(action.getBlocks().get(1).getWarnings()).containsExactly("energy could not be read from the meter: offline");
        assertThat(action.getUrlName()).isEqualTo("carbon");
    }

    @Test
    void theBodysVariablesExpandAndOnlySecretsAreSensitiveEvenAfterSerialization() throws Exception {
        CarbonEnvironment expander = new CarbonEnvironment(
                Map.of("MLFLOW_RUN_ID", "r1", "MLFLOW_TRACKING_PASSWORD", "s3cret"), Set.of("MLFLOW_TRACKING_PASSWORD"));
        CarbonEnvironment restored = roundTrip(expander);
        EnvVars env = new EnvVars(Map.of("PATH", "/usr/bin"));

        restored.expand(env);

        assertThat(env).containsEntry("MLFLOW_RUN_ID", "r1").containsEntry("MLFLOW_TRACKING_PASSWORD", "s3cret")
                .containsEntry("PATH", "/usr/bin");
        assertThat(restored.getSensitiveVariables()).containsExactly("MLFLOW_TRACKING_PASSWORD");
    }

    private static CarbonEnvironment roundTrip(CarbonEnvironment expander) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(expander);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (CarbonEnvironment) in.readObject();
        }
    }
}
