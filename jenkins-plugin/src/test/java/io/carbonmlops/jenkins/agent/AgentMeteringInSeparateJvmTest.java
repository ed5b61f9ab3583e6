package io.carbonmlops.jenkins.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.report.MeasurementJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the agent side of {@code withCarbonTracking} in a separate JVM, as remoting would on an agent: the
 * callables cross the process boundary Java-serialized, the meter state stays in that JVM and its journal.
 */
@Timeout(120)
class AgentMeteringInSeparateJvmTest {
    @TempDir
    Path dir;

    @Test
    void startThenStopReturnsTheWindowsMeasurementAndLeavesAFinalJournalEntry() throws Exception {
        try (AgentProcess agent = AgentProcess.start(dir)) {
            Path journal = Path.of(agent.call(new StartMeter(request("m-1", 1.4))));
            Measurement measurement = parse(agent.invoke(journal, new StopMeter("m-1")));

            assertThat(journal).startsWith(dir);
            assertThat(measurement.pue()).isEqualTo(1.4);
            assertThat(measurement.devices()).as("CPU and RAM are always measured or estimated").isNotEmpty();
            assertThat(measurement.devices()).noneMatch(DeviceMeasurement::partial);
            assertThat(new MeterJournal(journal).last()).hasValueSatisfying(entry -> assertThat(entry.isFinal()).isTrue());
        }
    }

    @Test
    void gpusAreMeteredThroughNvmlInTheAgentJvmHonouringTheGpuSelection() throws Exception {
        FakeNvml.require();
        Map<String, String> twoGpus = Map.of("FAKE_NVML_SCENARIO", "watts=300,name=Fake A;watts=150,name=Fake B");
        try (AgentProcess agent = AgentProcess.start(dir, twoGpus)) {
            Path all = Path.of(agent.call(new StartMeter(request("all-gpus", 1.0))));
            Path second = Path.of(agent.call(new StartMeter(
                    MeterRequest.of("gpu-1", 1.0, "1", Map.of()).withJournalDirectory(dir.toString()))));
            Measurement secondOnly = parse(agent.invoke(second, new StopMeter("gpu-1")));
            Measurement both = parse(agent.invoke(all, new StopMeter("all-gpus")));

            assertThat(gpus(both)).extracting(d -> d.device().name()).containsExactly("Fake A", "Fake B");
            assertThat(gpus(both)).allMatch(d -> d.method() == MeasurementMethod.NVML_ENERGY_COUNTER);
            assertThat(gpus(secondOnly)).extracting(d -> d.device().name()).containsExactly("Fake B");
        }
    }

    @Test
    void parallelWindowsWithDifferentCudaVisibleDevicesEachMeterOnlyTheirGpus() throws Exception {
        FakeNvml.require();
        Map<String, String> twoGpus = Map.of("FAKE_NVML_SCENARIO", "watts=300,name=Fake A;watts=150,name=Fake B");
        try (AgentProcess agent = AgentProcess.start(dir, twoGpus)) {
            Path first = Path.of(agent.call(new StartMeter(MeterRequest.of("cuda-0", 1.0, null,
                    Map.of("CUDA_VISIBLE_DEVICES", "0")).withJournalDirectory(dir.toString()))));
            Path second = Path.of(agent.call(new StartMeter(MeterRequest.of("cuda-1", 1.0, null,
                    Map.of("CUDA_VISIBLE_DEVICES", "1")).withJournalDirectory(dir.toString()))));
            Measurement secondOnly = parse(agent.invoke(second, new StopMeter("cuda-1")));
            Measurement firstOnly = parse(agent.invoke(first, new StopMeter("cuda-0")));

            assertThat(gpus(firstOnly)).extracting(d -> d.device().name()).containsExactly("Fake A");
            assertThat(gpus(secondOnly)).extracting(d -> d.device().name()).containsExactly("Fake B");
            // 150 W is GPU 1's alone (GPU 0 draws 300 W, both 450 W); a window this short on a loaded machine is a
            // few percent off (the meter reads its clock and the counters one after the other).
            assertThat(gpus(secondOnly).get(0).meanPowerWatts()).isCloseTo(150, within(15.0));
        }
    }

    @Test
    void nestedWindowsOnOneAgentEachGetTheirOwnFigures() throws Exception {
        try (AgentProcess agent = AgentProcess.start(dir)) {
            Path outer = Path.of(agent.call(new StartMeter(request("outer", 1.0))));
            Path inner = Path.of(agent.call(new StartMeter(request("inner", 1.0))));
            Measurement innerMeasurement = parse(agent.invoke(inner, new StopMeter("inner")));
            Measurement outerMeasurement = parse(agent.invoke(outer, new StopMeter("outer")));

            assertThat(outer).isNotEqualTo(inner);
            assertThat(outerMeasurement.startedAt()).isBeforeOrEqualTo(innerMeasurement.startedAt());
            assertThat(outerMeasurement.duration()).isGreaterThanOrEqualTo(innerMeasurement.duration());
            assertThat(outerMeasurement.totalEnergyJoules())
                    .as("the outer window contains the inner one, and counters never decrease")
                    .isGreaterThanOrEqualTo(innerMeasurement.totalEnergyJoules());
        }
    }

    @Test
    void aStopAfterTheAgentJvmDiedReturnsTheJournaledTotalsMarkedPartial() throws Exception {
        Path journal;
        try (AgentProcess agent = AgentProcess.start(dir)) {
            journal = Path.of(agent.call(new StartMeter(request("crash", 1.2))));
            agent.snapshot("crash");
            agent.kill();
        }
        try (AgentProcess restarted = AgentProcess.start(dir)) {
            Measurement recovered = parse(restarted.invoke(journal, new StopMeter("crash")));

            assertThat(recovered.pue()).isEqualTo(1.2);
            assertThat(recovered.devices()).isNotEmpty().allMatch(DeviceMeasurement::partial);
            assertThat(recovered.warnings()).anyMatch(w -> w.contains("meter crash") && w.contains("is not counted"));
        }
    }

    @Test
    void aStopThroughALaterConnectionReachesTheWindowAnEarlierConnectionStarted() throws Exception {
        FakeNvml.require();
        try (AgentProcess agent = AgentProcess.start(dir, Map.of("FAKE_NVML_SCENARIO", "watts=300,name=Fake A"))) {
            Path journal = Path.of(agent.call(new StartMeter(request("across", 1.0))));
            agent.reconnect(); // a controller restart or a dropped WebSocket: the plugin's classes are loaded again

            Measurement measurement = parse(agent.invoke(journal, new StopMeter("across")));
            Measurement again = parse(agent.invoke(journal, new StopMeter("across")));

            assertThat(measurement.devices()).noneMatch(DeviceMeasurement::partial);
            assertThat(measurement.warnings()).noneMatch(w -> w.contains("stopped during the body"));
            // The meter reads its clock and the counters one after the other, so on a loaded machine a window this
            // short is a few percent off; the journal's first entry would answer with about 0 W.
            assertThat(gpus(measurement)).singleElement().satisfies(gpu -> assertThat(gpu.meanPowerWatts())
                    .as("a live window to the stop, not the journal's first entry").isCloseTo(300, within(30.0)));
            assertThat(new MeterJournal(journal).last()).hasValueSatisfying(entry -> assertThat(entry.isFinal()).isTrue());
            assertThat(again.totalEnergyJoules()).as("then the final entry answers").isEqualTo(measurement.totalEnergyJoules());
        }
    }

    @Test
    void aWindowWhoseJvmDiedIsResumedByTheNextJvmAndTheGpuCounterCoversTheWholeWindow() throws Exception {
        FakeNvml.require();
        // The fake driver's counter counts from boot, as a real one counts from the driver's load: the next JVM
        // reads the same, still growing counter.
        Map<String, String> gpu = Map.of("FAKE_NVML_SCENARIO", "watts=300,name=Fake A", "FAKE_NVML_CLOCK", "boot");
        MeterRequest request = request("resumed", 1.0);
        Path journal;
        Measurement beforeCrash;
        long started;
        try (AgentProcess agent = AgentProcess.start(dir, gpu)) {
            journal = Path.of(agent.call(new StartMeter(request)));
            started = System.nanoTime();
            Thread.sleep(500);
            agent.snapshot("resumed");
            beforeCrash = new MeterJournal(journal).last().orElseThrow().measurement();
            agent.kill(); // an inbound agent re-executes its JVM when its connection drops
        }
        try (AgentProcess restarted = AgentProcess.start(dir, gpu)) {
            assertThat(restarted.invoke(journal, new ResumeMeter(request))).isEqualTo("RESUMED");
            Thread.sleep(500);
            double wallSeconds = (System.nanoTime() - started) / 1e9;
            Measurement total = parse(restarted.invoke(journal, new StopMeter("resumed")));

            DeviceMeasurement gpu0 = gpus(total).get(0);
            assertThat(total.startedAt()).isEqualTo(beforeCrash.startedAt());
            assertThat(total.durationSeconds()).as("the whole window, gap included").isGreaterThanOrEqualTo(wallSeconds);
            assertThat(gpu0.partial()).as("its counter kept counting while no JVM read it").isFalse();
            assertThat(gpu0.energyJoules()).as("300 W over the whole window")
                    .isCloseTo(300 * total.durationSeconds(), within(300 * total.durationSeconds() * 0.05));
            assertThat(total.devices()).filteredOn(d -> d.device().kind() != DeviceKind.GPU)
                    .allMatch(d -> d.partial() == (d.method() != MeasurementMethod.RAPL));
            assertThat(total.warnings()).anyMatch(w -> w.startsWith("meter resumed: nothing read the meter from ")
                    && w.contains("the agent's JVM restarted during the body"));
            assertThat(restarted.invoke(journal, new ResumeMeter(request))).as("stopped: nothing to resume").isEqualTo("FINISHED");
        }
    }

    @Test
    void aGpuCounterThatRestartedMeanwhileLeavesTheGapUncountedAndSaysWhy() throws Exception {
        FakeNvml.require();
        MeterRequest request = request("reloaded", 1.0);
        Path journal;
        Measurement beforeCrash;
        try (AgentProcess agent = AgentProcess.start(dir, Map.of("FAKE_NVML_SCENARIO", "watts=300,name=Fake A"))) {
            journal = Path.of(agent.call(new StartMeter(request)));
            Thread.sleep(500);
            agent.snapshot("reloaded");
            beforeCrash = new MeterJournal(journal).last().orElseThrow().measurement();
            agent.kill();
        }
        // the driver was reloaded meanwhile: its counter starts again below the earlier reading
        try (AgentProcess restarted = AgentProcess.start(dir, Map.of("FAKE_NVML_SCENARIO", "watts=300,name=Fake A,base_mj=0"))) {
            assertThat(restarted.invoke(journal, new ResumeMeter(request))).isEqualTo("RESUMED");
            Thread.sleep(500);
            Measurement total = parse(restarted.invoke(journal, new StopMeter("reloaded")));

            DeviceMeasurement gpu0 = gpus(total).get(0);
            assertThat(total.duration()).as("metered time: both segments").isGreaterThan(beforeCrash.duration().plusMillis(400));
            assertThat(gpu0.partial()).isTrue();
            assertThat(gpu0.energyJoules()).isGreaterThan(gpus(beforeCrash).get(0).energyJoules());
            assertThat(gpu0.meanPowerWatts()).as("energy over the metered time").isCloseTo(300, within(30.0)); // short window: a few percent off on a loaded machine
            assertThat(total.warnings()).anyMatch(w -> w.startsWith("meter reloaded: nothing read the meter from ")
                    && w.contains("its energy counter went down"));
        }
    }

    @Test
    void aWindowStoppedFromItsJournalIsFinalSoNothingResumesItLater() throws Exception {
        MeterRequest request = request("ended", 1.0);
        Path journal;
        try (AgentProcess agent = AgentProcess.start(dir)) {
            journal = Path.of(agent.call(new StartMeter(request)));
            agent.kill();
        }
        try (AgentProcess restarted = AgentProcess.start(dir)) {
            Measurement recovered = parse(restarted.invoke(journal, new StopMeter("ended")));

            assertThat(recovered.devices()).allMatch(DeviceMeasurement::partial);
            assertThat(restarted.invoke(journal, new ResumeMeter(request))).isEqualTo("FINISHED");
            assertThat(new MeterJournal(journal).last()).hasValueSatisfying(entry -> assertThat(entry.isFinal()).isTrue());
        }
    }

    @Test
    void stoppingAgainInAnotherJvmReturnsTheSameFinalMeasurement() throws Exception {
        Path journal;
        Measurement first;
        try (AgentProcess agent = AgentProcess.start(dir)) {
            journal = Path.of(agent.call(new StartMeter(request("twice", 1.0))));
            first = parse(agent.invoke(journal, new StopMeter("twice")));
        }
        try (AgentProcess other = AgentProcess.start(dir)) {
            Measurement second = parse(other.invoke(journal, new StopMeter("twice")));

            assertThat(second.totalEnergyJoules()).isEqualTo(first.totalEnergyJoules());
            assertThat(second.devices()).noneMatch(DeviceMeasurement::partial);
        }
    }

    @Test
    void aStopWithoutAnyJournalSaysWhatIsMissing() throws Exception {
        try (AgentProcess agent = AgentProcess.start(dir)) {
            Path missing = dir.resolve("never-started.jsonl");

            assertThatThrownBy(() -> agent.invoke(missing, new StopMeter("never")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("no energy was recorded for meter never")
                    .hasMessageContaining(missing.toString());
        }
    }

    private MeterRequest request(String meterId, double pue) {
        return MeterRequest.of(meterId, pue, null, Map.of()).withJournalDirectory(dir.toString());
    }

    private static java.util.List<DeviceMeasurement> gpus(Measurement measurement) {
        return measurement.devices().stream().filter(d -> d.device().kind() == DeviceKind.GPU).toList();
    }

    private static Measurement parse(String json) {
        return MeasurementJson.parse(json).measurement();
    }
}
