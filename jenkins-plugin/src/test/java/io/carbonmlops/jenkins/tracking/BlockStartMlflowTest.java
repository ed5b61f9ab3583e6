package io.carbonmlops.jenkins.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.meter.Measurement;
import io.carbonmlops.mlflow.Spool;
import io.carbonmlops.mlflow.testing.MlflowServer;
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
 * What {@code withCarbonTracking} starts before its body, against a real {@code mlflow server}: nothing may be left
 * RUNNING or metering when a step of it fails, and a problem fails the block only with {@code failOnError}.
 */
@Timeout(300)
class BlockStartMlflowTest {
    private static MlflowServer server;

    @TempDir
    Path spoolDir;

    private final ScriptedAgent agent = new ScriptedAgent();

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
    void anAgentTheControllerCannotNameIsAWarningTheRunIsCreatedAndNothingIsMetered() throws Exception {
        agent.nodeName = null;

        BlockStart.Outcome outcome = blockStart().open(settings(false), Fixtures.build(), "carbon-b1");

        assertThat(outcome.refused()).isFalse();
        assertThat(outcome.problems()).singleElement().asString()
                .contains("cannot tell which agent runs this block (is gpu-1 still connected?)");
        assertThat(outcome.opened().metered()).isFalse();
        assertThat(agent.calls).as("no meter is started where nothing could find it again").isEmpty();
        assertThat(MlflowRunReader.read(server.trackingUri(), outcome.opened().run().runId()).status()).isEqualTo("RUNNING");
    }

    @Test
    void withFailOnErrorAnUnnamedAgentRefusesTheBlockBeforeAnyRunIsCreated() throws Exception {
        agent.nodeName = null;
        int runsBefore = runsIn("jenkins-blocks");

        BlockStart.Outcome outcome = blockStart().open(settings(true), Fixtures.build(), "carbon-b2");

        assertThat(outcome.refused()).isTrue();
        assertThat(outcome.problems()).singleElement().asString().contains("cannot tell which agent runs this block");
        assertThat(agent.calls).isEmpty();
        assertThat(runsIn("jenkins-blocks")).isEqualTo(runsBefore);
    }

    @Test
    void withFailOnErrorAMeterThatCannotStartEndsTheRunItCreatedAsFailedUnmetered() throws Exception {
        agent.startFailure = new IOException("cannot start the energy meter on this agent: disk full");

        BlockStart.Outcome outcome = blockStart().open(settings(true), Fixtures.build(), "carbon-b3");

        assertThat(outcome.refused()).isTrue();
        assertThat(outcome.problems()).containsExactly(
                "the energy meter could not start on gpu-1: cannot start the energy meter on this agent: disk full");
        assertThat(runningRunsIn("jenkins-blocks")).isZero();
        assertThat(lastRunIn("jenkins-blocks").tags()).containsEntry("carbon.status", "unmetered")
                .containsEntry("carbon.meter_id", "carbon-b3");
        assertThat(lastRunIn("jenkins-blocks").status()).isEqualTo("FAILED");
    }

    @Test
    void aBodyThatCannotStartAfterAllStopsTheMeterAndEndsTheRun() throws Exception {
        BlockStart start = blockStart();
        BlockStart.Outcome outcome = start.open(settings(false), Fixtures.build(), "carbon-b4");

        List<String> problems = start.abandon(outcome.opened());

        assertThat(problems).isEmpty();
        assertThat(agent.calls).containsExactly("start", "stop " + outcome.opened().journalPath());
        assertThat(MlflowRunReader.read(server.trackingUri(), outcome.opened().run().runId()).status()).isEqualTo("FAILED");
    }

    private BlockStart blockStart() {
        TrackingSession session = new TrackingSession(new RestMlflowRuns(MlflowAccess.anonymous(server.trackingUri()),
                new Spool(spoolDir)), Fixtures.tableFootprints());
        return new BlockStart(session, agent);
    }

    private static TrackingSettings settings(boolean failOnError) {
        return TrackingSettings.resolve(new TrackingSettings.Requested("jenkins-blocks", "train", null, "DE", 1.0, null,
                Map.of(), failOnError), CarbonDefaults.none(), Fixtures.build());
    }

    private static int runsIn(String experiment) {
        return MlflowRunReader.search(server.trackingUri(), experiment).size();
    }

    private static int runningRunsIn(String experiment) {
        return (int) MlflowRunReader.search(server.trackingUri(), experiment).stream()
                .filter(r -> r.status().equals("RUNNING")).count();
    }

    private static MlflowRunReader lastRunIn(String experiment) {
        return MlflowRunReader.search(server.trackingUri(), experiment).get(0);
    }

    /** The agent side as the test scripts it: its name, a meter start that may fail, and the calls made. */
    private static final class ScriptedAgent implements BlockStart.Agent {
        String nodeName = "gpu-1";
        IOException startFailure;
        final List<String> calls = new ArrayList<>();

        @Override
        public String nodeName() {
            return nodeName;
        }

        @Override
        public String startMeter() throws IOException {
            calls.add("start");
            if (startFailure != null) {
                throw startFailure;
            }
            return "/tmp/carbon-mlops/meters/m.jsonl";
        }

        @Override
        public Measurement stopMeter(BlockStart.Opened opened) {
            calls.add("stop " + opened.journalPath());
            return Fixtures.measurement(3600, 1.0);
        }
    }
}
