package io.carbonmlops.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonmlops.jenkins.tracking.BodyOutcome;
import io.carbonmlops.jenkins.tracking.BuildInfo;
import io.carbonmlops.jenkins.tracking.CarbonRunSummary;
import io.carbonmlops.jenkins.tracking.MlflowRuns;
import io.carbonmlops.jenkins.tracking.StartedRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The build page's totals, which need no running Jenkins. The body's variables (secrets kept as {@code Secret}, which
 * needs a controller) are checked on a real controller by the e2e tests.
 */
class BuildPageTotalsTest {
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
}
