package io.carbonmlops.jenkins.e2e;

import static io.carbonmlops.jenkins.e2e.CarbonJenkins.ALL_GPUS_WATTS;
import static io.carbonmlops.jenkins.e2e.CarbonJenkins.assertCarbonFigures;
import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.jenkins.tracking.MlflowRunReader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A tracked body that outlives its controller, its agent connection or its agent's JVM: the block resumes in the new
 * agent JVM and records the energy of its whole window for the GPUs, whose energy counters (fake NVML, counting from
 * boot as a real driver counts from its load) kept counting while nothing read them; the estimated CPU and RAM miss
 * the gap, are marked partial and named. The plugin is in the plugins folder before the controller starts (the other
 * way to install it). And a {@code waitForLowCarbon} across a controller restart: the same wait resumes.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ControllerAndAgentOutagesIT {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    private static CarbonJenkins world;

    @BeforeAll
    static void start() throws Exception {
        world = CarbonJenkins.start("outages", false);
    }

    @AfterAll
    static void stop() throws Exception {
        if (world != null) {
            try {
                world.assertNoPluginErrorsLogged();
            } finally {
                world.close();
            }
        }
    }

    @Test
    void aControllerRestartDuringTheBodyRecordsTheGpuEnergyOfTheWholeWindow() throws Exception {
        Outage outage = begin("restart", "across a restart");

        world.jenkins.restart(); // the agent's connection drops: it re-executes its JVM, and the meter with it
        world.agent.awaitOnline();

        MlflowRunReader run = end(outage, "Resuming build");
        assertThat(run.status()).isEqualTo("FINISHED");
    }

    @Test
    void anAgentThatDisconnectsAndReconnectsDuringTheBodyRecordsTheGpuEnergyOfTheWholeWindow() throws Exception {
        Outage outage = begin("reconnect", "across a reconnect");

        world.jenkins.post("computer/" + JenkinsController.AGENT + "/doDisconnect", "application/x-www-form-urlencoded",
                "offlineMessage=e2e");
        world.jenkins.await("the agent to drop", Duration.ofMinutes(1), () -> !world.jenkins.agentOnline());
        world.agent.awaitOnline(); // inbound agents reconnect by themselves (re-executing their JVM first)

        end(outage, null);
    }

    @Test
    void anAgentJvmThatCrashesDuringTheBodyRecordsTheGpuEnergyOfTheWholeWindowFromItsLastJournalEntry() throws Exception {
        Outage outage = begin("crash", "across an agent crash");
        JenkinsController.sleep(11_000); // past the journal's first periodic entry (every 10 s): no entry at a crash

        world.agent.crash();
        world.jenkins.await("the agent to drop", Duration.ofMinutes(1), () -> !world.jenkins.agentOnline());
        world.agent.start(); // a new agent JVM; the body's shell kept running

        end(outage, null);
    }

    @Test
    void aControllerRestartDuringWaitForLowCarbonResumesTheSameWait() throws Exception {
        world.useElectricityMapsStandIn(true);
        world.forecasts.dropAfter(Duration.ofSeconds(90)); // longer than a restart takes
        try {
            world.pipelines.create("wait-restart", String.join("\n",
                    "waitForLowCarbon(zone: 'DE', duration: '5m', within: '20m')",
                    "echo 'after the wait'"));
            int number = world.pipelines.start("wait-restart");
            world.pipelines.awaitConsole("wait-restart", number, "waitForLowCarbon:   why: ", BUILD_TIMEOUT);
            JenkinsController.sleep(3000); // the plan is saved with the step right after it is printed
            int forecastsBefore = world.forecasts.forecastRequests();

            world.jenkins.restart();
            world.agent.awaitOnline(); // for the other tests; the wait itself needs no agent
            Pipelines.Build build = world.pipelines.await("wait-restart", number, BUILD_TIMEOUT);

            assertThat(build.result()).as(build.console()).isEqualTo("SUCCESS");
            String console = build.console();
            String planned = console.replaceAll("(?s).*waitForLowCarbon: wait [^\n]*?until (\\S+) for DE.*", "$1");
            assertThat(console).contains("waitForLowCarbon: resuming the wait until " + planned + " after a restart")
                    .contains("(planned start " + planned + ")").contains("after the wait");
            assertThat(world.forecasts.forecastRequests()).as("the resumed wait keeps its plan, fetches no new one")
                    .isEqualTo(forecastsBefore);
            assertThat(world.jenkins.get("job/wait-restart/" + number + "/").body()).contains("Carbon-aware wait")
                    .contains("until " + planned + " for DE");
        } finally {
            world.forecasts.dropAfter(ForecastStandIn.DROP_AFTER);
            world.useElectricityMapsStandIn(false);
        }
    }

    /** A tracked body that waits for the test, started; when its first segment began at the latest. */
    private record Outage(String job, String runName, int number, long bodySeenNanos) {}

    private static Outage begin(String job, String runName) throws Exception {
        world.pipelines.create(job, waitingBody(job, runName));
        int number = world.pipelines.start(job);
        world.pipelines.awaitConsole(job, number, "body started", BUILD_TIMEOUT);
        long bodySeen = System.nanoTime();
        JenkinsController.sleep(2000); // energy before the outage
        return new Outage(job, runName, number, bodySeen);
    }

    /**
     * Waits for the block to resume its meter, lets it run, releases the body, and checks the record: the whole
     * window (at least as long as the test saw the body run, outage included), the GPUs whole and at their exact
     * wattage over it, the estimated devices partial and the gap named.
     */
    private static MlflowRunReader end(Outage outage, String alsoInConsole) throws Exception {
        world.pipelines.awaitConsole(outage.job(), outage.number(), "metering resumed", BUILD_TIMEOUT);
        JenkinsController.sleep(2000); // energy after the outage
        release(outage.job());
        double windowAtLeastSeconds = (System.nanoTime() - outage.bodySeenNanos()) / 1e9;
        Pipelines.Build build = world.pipelines.await(outage.job(), outage.number(), BUILD_TIMEOUT);

        assertThat(build.result()).as(build.console()).isEqualTo("SUCCESS");
        if (alsoInConsole != null) {
            assertThat(build.console()).contains(alsoInConsole);
        }
        MlflowRunReader run = world.run(outage.job(), outage.runName());
        assertThat(run.metrics().get("carbon/duration_s")).as("the whole window, outage included: %s", run)
                .isGreaterThanOrEqualTo(windowAtLeastSeconds);
        assertThat(run.tags().get("carbon.warnings")).contains("nothing read the meter from")
                .contains("the agent's JVM restarted during the body")
                .contains("the energy of that gap is not counted for: cpu");
        assertThat(run.tags().get("carbon.method.gpu_0")).isEqualTo("nvml-energy-counter");
        assertThat(run.tags().get("carbon.method.gpu_1")).isEqualTo("nvml-energy-counter");
        assertThat(run.tags().get("carbon.method.cpu_0")).contains("(partial)");
        assertCarbonFigures(run, ALL_GPUS_WATTS, 1.0, "DE");
        return run;
    }

    /** A body that waits (at most 3 min) for the test to create {@code release} in the job's workspace. */
    private static String waitingBody(String experiment, String runName) {
        return "node('a1') { withCarbonTracking(experiment: '" + experiment + "', runName: '" + runName + "', pue: 1.0) {"
                + " sh 'set +x; echo body started; for i in $(seq 1 1800); do [ -f release ] && break; sleep 0.1; done' } }";
    }

    private static void release(String job) throws Exception {
        Files.writeString(world.agent.workspace(job).resolve("release"), "");
    }
}
