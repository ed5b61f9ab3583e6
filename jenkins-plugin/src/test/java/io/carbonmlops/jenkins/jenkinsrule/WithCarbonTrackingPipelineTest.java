package io.carbonmlops.jenkins.jenkinsrule;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import hudson.model.Slave;
import io.carbonmlops.jenkins.CarbonBuildAction;
import io.carbonmlops.jenkins.CarbonGlobalConfiguration;
import io.carbonmlops.jenkins.CarbonTrackingStep;
import io.carbonmlops.jenkins.tracking.CarbonRunSummary;
import io.carbonmlops.mlflow.testing.MlflowServer;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.test.steps.SemaphoreStep;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * withCarbonTracking in a real Jenkins (run with jenkins-plugin/pom.xml only, where repo.jenkins-ci.org is
 * reachable): on an agent, with a body that fails, an abort, and a controller restart in the middle of the body.
 */
class WithCarbonTrackingPipelineTest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private static MlflowServer mlflow;

    @BeforeAll
    static void startMlflow() {
        mlflow = MlflowServer.start();
    }

    @AfterAll
    static void stopMlflow() {
        mlflow.close();
    }

    @Test
    void aBodyOnAnAgentIsMeteredThereAndLoggedToMlflowAndTheBuildPage() throws Throwable {
        sessions.then(j -> {
            configure();
            j.createSlave("gpu-agent", "gpu", null);
            WorkflowRun b = j.buildAndAssertSuccess(job(j, """
                    node('gpu') {
                      withCarbonTracking(experiment: 'jenkinsrule', zone: 'DE', tags: ['team=vision']) {
                        sh 'test -n "$MLFLOW_RUN_ID" && echo "run is $MLFLOW_RUN_ID on $CARBON_ZONE"'
                      }
                    }"""));

            CarbonRunSummary block = onlyBlock(b);
            j.assertLogContains("run is " + block.getMlflowRunId() + " on DE", b);
            j.assertLogContains("withCarbonTracking: metering", b);
            j.assertLogNotContains("\tat ", b);
            assertThat(block.getNode()).isEqualTo("gpu-agent");
            assertThat(block.getOutcome()).isEqualTo("success");
            assertThat(block.getFacilityEnergyKwh()).isNotNull();
            assertThat(block.getCo2eKg()).isNotNull();
            assertThat(block.getDelivery()).isEqualTo("logged");
        });
    }

    @Test
    void theBodysOwnFailureIsNeverMaskedAndTheEnergyIsStillRecorded() throws Throwable {
        sessions.then(j -> {
            configure();
            WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, job(j, """
                    node {
                      withCarbonTracking(experiment: 'jenkinsrule') { error 'training diverged' }
                    }"""));

            j.assertLogContains("training diverged", b);
            assertThat(onlyBlock(b).getOutcome()).isEqualTo("failure");
            assertThat(onlyBlock(b).getFacilityEnergyKwh()).isNotNull();
        });
    }

    @Test
    void anAbortedBodyStillLogsItsPartialEnergyTaggedAborted() throws Throwable {
        sessions.then(j -> {
            configure();
            WorkflowJob p = job(j, """
                    node {
                      withCarbonTracking(experiment: 'jenkinsrule') { semaphore 'train' }
                    }""");
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            SemaphoreStep.waitForStart("train/1", b);
            b.doStop();
            j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));

            assertThat(onlyBlock(b).getOutcome()).isEqualTo("aborted");
            assertThat(onlyBlock(b).getFacilityEnergyKwh()).isNotNull();
        });
    }

    @Test
    void aControllerRestartDuringTheBodyLosesNothing() throws Throwable {
        sessions.then(j -> {
            configure();
            j.createSlave("gpu-agent", "gpu", null);
            WorkflowRun b = job(j, """
                    node('gpu') {
                      withCarbonTracking(experiment: 'jenkinsrule') { semaphore 'train' }
                    }""").scheduleBuild2(0).waitForStart();
            SemaphoreStep.waitForStart("train/1", b);
        });
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            // the agent reconnects on its own after the restart; the tail call reads the meter there
            j.waitOnline((Slave) j.jenkins.getNode("gpu-agent"));
            SemaphoreStep.success("train/1", null);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));

            CarbonRunSummary block = onlyBlock(b);
            assertThat(block.getFacilityEnergyKwh()).isNotNull();
            assertThat(block.getMlflowRunId()).isNotNull();
        });
    }

    @Test
    void nestedAndParallelBlocksEachGetTheirOwnRecord() throws Throwable {
        sessions.then(j -> {
            configure();
            WorkflowRun b = j.buildAndAssertSuccess(job(j, """
                    node {
                      withCarbonTracking(experiment: 'jenkinsrule', runName: 'outer') {
                        parallel a: { withCarbonTracking(experiment: 'jenkinsrule', runName: 'a') { sh 'sleep 1' } },
                                 b: { withCarbonTracking(experiment: 'jenkinsrule', runName: 'b') { sh 'sleep 1' } }
                      }
                    }"""));

            List<CarbonRunSummary> blocks = b.getAction(CarbonBuildAction.class).getBlocks();
            assertThat(blocks).extracting(CarbonRunSummary::getLabel).containsExactlyInAnyOrder("a", "b", "outer");
            assertThat(blocks).extracting(CarbonRunSummary::getMlflowRunId).doesNotHaveDuplicates();
        });
    }

    @Test
    void declarativeStepsAndTheIntensityStepWorkTogether() throws Throwable {
        sessions.then(j -> {
            configure();
            WorkflowRun b = j.buildAndAssertSuccess(job(j, """
                    pipeline {
                      agent any
                      stages {
                        stage('Train') {
                          when { expression { carbonIntensity(zone: 'DE').gramsPerKwh > 0 } }
                          steps {
                            withCarbonTracking(experiment: 'jenkinsrule') { echo "zone is ${env.CARBON_ZONE ?: 'default'}" }
                          }
                        }
                      }
                    }"""));

            assertThat(onlyBlock(b).getLabel()).isEqualTo("p #1 Train");
        });
    }

    @Test
    void theSnippetGeneratorRoundTripsTheStep() throws Throwable {
        sessions.then(j -> {
            CarbonTrackingStep step = new CarbonTrackingStep();
            step.setExperiment("resnet");
            step.setZone("DE");
            step.setPue(1.2);
            new SnippetizerTester(j).assertRoundTrip(step,
                    "withCarbonTracking(experiment: 'resnet', pue: 1.2, zone: 'DE') {\n    // some block\n}");
        });
    }

    private static void configure() {
        CarbonGlobalConfiguration config = CarbonGlobalConfiguration.get();
        config.setMlflowTrackingUri(mlflow.trackingUri());
        config.setIntensityProviders("table");
    }

    private static WorkflowJob job(JenkinsRule j, String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p;
    }

    private static CarbonRunSummary onlyBlock(WorkflowRun b) {
        List<CarbonRunSummary> blocks = b.getAction(CarbonBuildAction.class).getBlocks();
        assertThat(blocks).hasSize(1);
        return blocks.get(0);
    }
}
