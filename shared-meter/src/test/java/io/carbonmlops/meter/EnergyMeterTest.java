package io.carbonmlops.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EnergyMeterTest {
    private final FakeClock clock = new FakeClock();

    private EnergyMeter meterOver(EnergySource... sources) {
        return meterOver(new SourceDiscovery(List.of(sources), List.of(), List.of()), MeterConfig.defaults());
    }

    private EnergyMeter meterOver(SourceDiscovery discovery, MeterConfig config) {
        return EnergyMeter.unstarted(discovery, config, clock, PowerSeries.DEFAULT_MAX_POINTS);
    }

    private static DeviceMeasurement only(Measurement measurement) {
        assertThat(measurement.devices()).hasSize(1);
        return measurement.devices().get(0);
    }

    @Test
    void windowEnergyIsTheCounterDifferenceBetweenItsEdges() {
        FakeEnergySource gpu = FakeEnergySource.gpu(0);
        gpu.setCumulativeJoules(100);
        try (EnergyMeter meter = meterOver(gpu)) {
            MeasurementWindow window = meter.begin("train");
            clock.advanceSeconds(10);
            gpu.setCumulativeJoules(600);
            Measurement measurement = window.stop();

            DeviceMeasurement device = only(measurement);
            assertThat(device.energyJoules()).as("600 J - 100 J").isEqualTo(500.0);
            assertThat(device.meanPowerWatts()).as("500 J / 10 s").isEqualTo(50.0);
            assertThat(device.method()).isEqualTo(MeasurementMethod.NVML_ENERGY_COUNTER);
            assertThat(device.partial()).isFalse();
            assertThat(measurement.duration()).isEqualTo(Duration.ofSeconds(10));
            assertThat(measurement.startedAt()).isEqualTo(window.startedAt());
            assertThat(measurement.endedAt()).isEqualTo(window.startedAt().plusSeconds(10));
        }
    }

    @Test
    void overlappingWindowsEachGetTheirOwnEnergy() {
        FakeEnergySource gpu = FakeEnergySource.gpu(0);
        try (EnergyMeter meter = meterOver(gpu)) {
            meter.begin("a");                       // t=0 s, 0 J
            clock.advanceSeconds(10);
            gpu.setCumulativeJoules(1000);
            meter.begin("b");                       // t=10 s, 1000 J
            clock.advanceSeconds(10);
            gpu.setCumulativeJoules(3000);
            Measurement a = meter.end("a");         // t=20 s, 3000 J
            clock.advanceSeconds(10);
            gpu.setCumulativeJoules(3500);
            Measurement b = meter.end("b");         // t=30 s, 3500 J

            assertThat(only(a).energyJoules()).as("a: 3000 J - 0 J").isEqualTo(3000.0);
            assertThat(a.durationSeconds()).isEqualTo(20.0);
            assertThat(only(b).energyJoules()).as("b: 3500 J - 1000 J").isEqualTo(2500.0);
            assertThat(b.durationSeconds()).isEqualTo(20.0);
            // b saw 2000 J in its first 10 s (200 W) and 500 J in the next 10 s (50 W).
            assertThat(only(b).peakPowerWatts()).isEqualTo(200.0);
            assertThat(only(b).powerSeries()).containsExactly(new PowerSample(10, 200), new PowerSample(20, 50));
        }
    }

    @Test
    void aDuplicateWindowIdIsRefusedByName() {
        try (EnergyMeter meter = meterOver(FakeEnergySource.gpu(0))) {
            meter.begin("stage-1");
            assertThatThrownBy(() -> meter.begin("stage-1"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'stage-1'")
                    .hasMessageContaining("already open");
        }
    }

    @Test
    void anUnknownWindowIdIsRefusedByNameAndListsTheOpenOnes() {
        try (EnergyMeter meter = meterOver(FakeEnergySource.gpu(0))) {
            meter.begin("train");
            assertThatThrownBy(() -> meter.end("tarin"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'tarin'")
                    .hasMessageContaining("[train]");
        }
    }

    @Test
    void aStoppedWindowCannotBeStoppedTwiceButItsIdCanBeReused() {
        FakeEnergySource gpu = FakeEnergySource.gpu(0);
        try (EnergyMeter meter = meterOver(gpu)) {
            MeasurementWindow first = meter.begin("eval");
            first.stop();
            assertThatThrownBy(first::stop).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'eval'");

            meter.begin("eval");
            assertThatThrownBy(first::stop).as("the old handle does not stop the new window")
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already stopped");
            clock.advanceSeconds(1);
            gpu.setCumulativeJoules(7);
            assertThat(only(meter.end("eval")).energyJoules()).isEqualTo(7.0);
        }
    }

    @Test
    void aDeviceLostMidWindowKeepsItsEnergyUpToTheLastGoodReadingAndIsNoLongerRead() {
        FakeEnergySource gpu0 = FakeEnergySource.gpu(0);
        FakeEnergySource gpu1 = FakeEnergySource.gpu(1);
        try (EnergyMeter meter = meterOver(gpu0, gpu1)) {
            MeasurementWindow window = meter.begin("train");
            clock.advanceSeconds(1);
            gpu0.setCumulativeJoules(100);
            gpu1.setCumulativeJoules(300);
            meter.pollOnce();                                   // last good reading of gpu 1: 300 J at 1 s
            clock.advanceSeconds(1);
            gpu1.loseWith("GPU is lost (NVML_ERROR_GPU_IS_LOST)");
            meter.pollOnce();                                   // gpu 1 throws here
            int readsWhenLost = gpu1.reads();
            clock.advanceSeconds(3);
            gpu0.setCumulativeJoules(500);
            meter.pollOnce();
            Measurement measurement = window.stop();

            assertThat(measurement.devices()).extracting(DeviceMeasurement::energyJoules).containsExactly(500.0, 300.0);
            assertThat(measurement.devices()).extracting(DeviceMeasurement::partial).containsExactly(false, true);
            assertThat(measurement.warnings()).singleElement().asString()
                    .contains("gpu 1 (GPU-fake-1)", "NVML_ERROR_GPU_IS_LOST", "partial", "1.0 s into the window");
            assertThat(gpu1.reads()).as("a lost device is not read again").isEqualTo(readsWhenLost);

            Measurement later = meter.begin("next").stop();
            assertThat(later.devices().get(1).partial()).isTrue();
            assertThat(later.warnings()).singleElement().asString().contains("before this window began");
        }
    }

    @Test
    void anUnexpectedRuntimeFailureOfASourceCountsAsALostDevice() {
        FakeEnergySource ok = FakeEnergySource.gpu(0);
        EnergySource broken = new FailingSource(new IllegalStateException("counter file vanished"));
        try (EnergyMeter meter = meterOver(ok, broken)) {
            Measurement measurement = meter.begin("w").stop();
            assertThat(measurement.devices()).extracting(DeviceMeasurement::partial).containsExactly(false, true);
            assertThat(measurement.warnings()).singleElement().asString()
                    .contains("IllegalStateException", "counter file vanished");
        }
    }

    @Test
    void anErrorFromANativeLibraryCountsAsALostDeviceAndTheOthersGoOn() {
        FakeEnergySource ok = FakeEnergySource.gpu(0);
        ok.setPowerWatts(100);
        EnergySource broken = new FailingSource(null, new Error("Invalid memory access"));
        try (EnergyMeter meter = meterOver(ok, broken)) {
            MeasurementWindow window = meter.begin("w");
            clock.advance(Duration.ofSeconds(2));
            meter.pollOnce();
            Measurement measurement = window.stop();
            assertThat(measurement.devices().get(0).energyJoules()).isEqualTo(200.0);
            assertThat(measurement.devices().get(1).partial()).isTrue();
            assertThat(measurement.warnings()).singleElement().asString()
                    .contains("unexpected Error from the device library: Invalid memory access");
        }
    }

    @Test
    void thePollerSurvivesAFailureOutsideASourceReadAndSaysSo() throws Exception {
        FakeEnergySource gpu = new FakeEnergySource(new DeviceId(DeviceKind.GPU, 0, "GPU-a", "Fake"),
                MeasurementMethod.NVML_POWER_SAMPLING, Duration.ofMillis(1), 3);
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        MeterClock failingOnThePoller = new MeterClock() {
            @Override
            public java.time.Instant wallTime() {
                return MeterClock.SYSTEM.wallTime();
            }

            @Override
            public long monotonicNanos() {
                if (Thread.currentThread().getName().startsWith("carbon-meter-poller-") && failures.getAndIncrement() == 0) {
                    throw new LinkageError("a poll-time bug");
                }
                return MeterClock.SYSTEM.monotonicNanos();
            }
        };
        try (EnergyMeter meter = EnergyMeter.of(new SourceDiscovery(List.of(gpu), List.of(), List.of()),
                MeterConfig.defaults(), failingOnThePoller)) {
            assertThat(gpu.readsSeen().await(30, TimeUnit.SECONDS)).as("the poller reads after the failure").isTrue();
            assertThat(pollerThread().isAlive()).isTrue();
            assertThat(meter.begin("w").stop().warnings()).singleElement().asString()
                    .contains("meter poller: unexpected LinkageError (a poll-time bug); polling continues");
        }
    }

    @Test
    void peakIsTheHighestPowerBetweenSuccessiveReadingsAndMeanIsEnergyOverDuration() {
        FakeEnergySource cpu = FakeEnergySource.cpu();
        try (EnergyMeter meter = meterOver(cpu)) {
            meter.begin("w");
            for (double watts : new double[] {100, 300, 200}) {
                cpu.setPowerWatts(watts);
                clock.advanceSeconds(1);
                meter.pollOnce();
            }
            DeviceMeasurement device = only(meter.end("w"));

            assertThat(device.energyJoules()).as("100 + 300 + 200 J").isCloseTo(600, within(1e-9));
            assertThat(device.meanPowerWatts()).as("600 J / 3 s").isCloseTo(200, within(1e-9));
            assertThat(device.peakPowerWatts()).isCloseTo(300, within(1e-9));
            assertThat(device.powerSeries()).extracting(PowerSample::powerWatts)
                    .containsExactly(100.0, 300.0, 200.0);
        }
    }

    @Test
    void aShortSpanAtAWindowEdgeDoesNotMakeAPeak() {
        FakeEnergySource cpu = FakeEnergySource.cpu();                     // polled every 1 s
        try (EnergyMeter meter = meterOver(cpu)) {
            meter.begin("w");
            cpu.setPowerWatts(100);
            clock.advanceSeconds(1);
            meter.pollOnce();                                               // 100 J over 1 s
            cpu.setPowerWatts(0);
            cpu.setCumulativeJoules(105);                                   // a 5 J step within 10 ms: "500 W"
            clock.advanceSeconds(0.01);
            DeviceMeasurement device = only(meter.end("w"));

            // Spans under half the poll interval (0.5 s) do not count; the peak is at least the mean.
            assertThat(device.peakPowerWatts()).isCloseTo(105 / 1.01, within(1e-9));
            assertThat(device.meanPowerWatts()).isCloseTo(105 / 1.01, within(1e-9));
        }
    }

    @Test
    void sourceWarningsRaisedDuringAWindowAreInItsMeasurementOnly() {
        FakeEnergySource gpu = FakeEnergySource.gpu(0);
        try (EnergyMeter meter = meterOver(gpu)) {
            gpu.warn("gpu 0 (GPU-fake-0): counter restarted (driver reload) before");
            meter.begin("w");
            gpu.warn("gpu 0 (GPU-fake-0): counter restarted (driver reload) during");
            assertThat(meter.end("w").warnings()).containsExactly("gpu 0 (GPU-fake-0): counter restarted (driver reload) during");
        }
    }

    @Test
    void aDayLongWindowKeepsABoundedSeriesThatStillIntegratesToItsEnergy() {
        FakeEnergySource gpu = new FakeEnergySource(new DeviceId(DeviceKind.GPU, 0, "GPU-x", "Fake"),
                MeasurementMethod.NVML_POWER_SAMPLING, Duration.ofMillis(100));
        try (EnergyMeter meter = meterOver(gpu)) {
            meter.begin("day");
            for (int tick = 0; tick < 24 * 36_000; tick++) {        // 24 h at 100 ms
                gpu.setPowerWatts(tick % 7 == 0 ? 700 : 150 + tick % 100);
                clock.advance(Duration.ofMillis(100));
                meter.pollOnce();
            }
            DeviceMeasurement device = only(meter.end("day"));

            assertThat(device.powerSeries()).hasSizeLessThanOrEqualTo(PowerSeries.DEFAULT_MAX_POINTS).hasSizeGreaterThan(400);
            assertThat(integrate(device.powerSeries())).isCloseTo(device.energyJoules(), within(device.energyJoules() * 1e-9));
            assertThat(device.peakPowerWatts()).as("the 700 W steps survive in the peak").isCloseTo(700, within(1e-6));
            assertThat(device.powerSeries().get(device.powerSeries().size() - 1).offsetSeconds()).isCloseTo(86_400, within(1e-6));
        }
    }

    @Test
    void pollsReadOnlyTheSourcesThatAreDue() {
        FakeEnergySource fast = new FakeEnergySource(new DeviceId(DeviceKind.GPU, 0, "GPU-a", "Fake"),
                MeasurementMethod.NVML_POWER_SAMPLING, Duration.ofMillis(100));
        FakeEnergySource slow = FakeEnergySource.cpu();
        try (EnergyMeter meter = meterOver(fast, slow)) {
            int fastBefore = fast.reads();
            int slowBefore = slow.reads();
            for (int i = 0; i < 20; i++) {
                clock.advance(Duration.ofMillis(100));
                meter.pollOnce();
            }
            assertThat(fast.reads() - fastBefore).as("every 100 ms for 2 s").isEqualTo(20);
            assertThat(slow.reads() - slowBefore).as("every 1 s for 2 s").isEqualTo(2);
        }
    }

    @Test
    void estimatesArePolledLessOftenAsTheMeterAgesCountersAreNot() {
        FakeEnergySource estimate = new FakeEnergySource(new DeviceId(DeviceKind.CPU, 0, null, "cpu"),
                MeasurementMethod.CPU_TDP_ESTIMATE, Duration.ofSeconds(5));
        FakeEnergySource counter = new FakeEnergySource(new DeviceId(DeviceKind.GPU, 0, "GPU-a", "Fake"),
                MeasurementMethod.NVML_ENERGY_COUNTER, Duration.ofSeconds(1));
        try (EnergyMeter meter = meterOver(estimate, counter)) {
            int[] estimateReads = new int[1801];
            estimateReads[0] = estimate.reads();
            for (int second = 1; second <= 1800; second++) {
                clock.advance(Duration.ofSeconds(1));
                meter.pollOnce();
                estimateReads[second] = estimate.reads();
            }
            assertThat(estimateReads[25] - estimateReads[0]).as("every 5 s for the first 25 s").isEqualTo(5);
            assertThat(estimateReads[900] - estimateReads[300]).as("once a minute after 5 minutes").isEqualTo(10);
            assertThat(counter.reads()).as("a counter keeps its interval").isEqualTo(1 + 1800);
        }
    }

    @Test
    void everyMeasurementCarriesDiscoveryWarningsPueAndTheDevicesThatCannotBeMeasured() {
        FakeEnergySource cpu = FakeEnergySource.cpu();
        DeviceId noPermission = new DeviceId(DeviceKind.GPU, 1, "GPU-denied", "Fake GPU");
        DeviceId noLibrary = new DeviceId(DeviceKind.GPU, -1, null, "NVML");
        SourceDiscovery discovery = new SourceDiscovery(List.of(cpu),
                List.of(new DeviceStatus(noPermission, MeasurementMethod.UNAVAILABLE, "NO_PERMISSION"),
                        new DeviceStatus(noLibrary, MeasurementMethod.UNAVAILABLE, "no library"),
                        new DeviceStatus(cpu.device(), MeasurementMethod.RAPL, "package-0 energy_uj")),
                List.of("gpu 1 (GPU-denied): skipped: NVML_ERROR_NO_PERMISSION"));
        try (EnergyMeter meter = meterOver(discovery, MeterConfig.defaults().withPue(1.5))) {
            meter.begin("w");
            clock.advanceSeconds(2);
            cpu.setCumulativeJoules(40);
            Measurement measurement = meter.end("w");

            assertThat(meter.devices()).hasSize(3);
            assertThat(measurement.warnings()).containsExactly("gpu 1 (GPU-denied): skipped: NVML_ERROR_NO_PERMISSION");
            assertThat(measurement.pue()).isEqualTo(1.5);
            assertThat(measurement.facilityEnergyJoules()).as("40 J x 1.5").isEqualTo(60.0);
            assertThat(measurement.devices()).extracting(d -> d.device().kind(), DeviceMeasurement::method)
                    .as("GPUs first; the placeholder for 'no library' stays in the warnings")
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(DeviceKind.GPU, MeasurementMethod.UNAVAILABLE),
                            org.assertj.core.groups.Tuple.tuple(DeviceKind.CPU, MeasurementMethod.RAPL));
        }
    }

    @Test
    void aSnapshotLeavesTheWindowOpen() {
        FakeEnergySource gpu = FakeEnergySource.gpu(0);
        try (EnergyMeter meter = meterOver(gpu)) {
            MeasurementWindow window = meter.begin("w");
            clock.advanceSeconds(1);
            gpu.setCumulativeJoules(10);
            assertThat(only(window.snapshot()).energyJoules()).isEqualTo(10.0);
            clock.advanceSeconds(1);
            gpu.setCumulativeJoules(25);
            assertThat(only(window.stop()).energyJoules()).isEqualTo(25.0);
        }
    }

    @Test
    void closeClosesEverySourceAndRefusesNewWindows() {
        FakeEnergySource gpu = FakeEnergySource.gpu(0);
        EnergyMeter meter = meterOver(gpu);
        meter.close();
        meter.close();
        assertThat(gpu.isClosed()).isTrue();
        assertThatThrownBy(() -> meter.begin("late")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void thePollerThreadReadsSourcesAndNeverConcurrentlyWithWindowEdges() throws Exception {
        FakeEnergySource gpu = new FakeEnergySource(new DeviceId(DeviceKind.GPU, 0, "GPU-a", "Fake"),
                MeasurementMethod.NVML_POWER_SAMPLING, Duration.ofMillis(1), 20);
        gpu.setPowerWatts(100);
        EnergyMeter meter = EnergyMeter.of(new SourceDiscovery(List.of(gpu), List.of(), List.of()),
                MeterConfig.defaults(), MeterClock.SYSTEM);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            // No window is open yet: only the poller reads (after the one read at construction).
            assertThat(gpu.readsSeen().await(30, TimeUnit.SECONDS)).as("the poller reads on its own").isTrue();
            List<Future<Double>> stages = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String id = "stage-" + i;
                stages.add(pool.submit(() -> {
                    double joules = 0;
                    for (int round = 0; round < 50; round++) {
                        meter.begin(id);
                        joules += meter.end(id).totalEnergyJoules();
                    }
                    return joules;
                }));
            }
            for (Future<Double> stage : stages) {
                assertThat(stage.get(30, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(0.0);
            }
            Thread poller = pollerThread();
            assertThat(poller.isDaemon()).isTrue();

            meter.close();
            assertThat(poller.isAlive()).as("close() stops the poller").isFalse();
            assertThat(gpu.wasReadConcurrently()).isFalse();
        } finally {
            pool.shutdownNow();
            meter.close();
        }
    }

    private static Thread pollerThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("carbon-meter-poller-"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no carbon-meter-poller thread"));
    }

    static double integrate(List<PowerSample> series) {
        double joules = 0;
        double previousOffset = 0;
        for (PowerSample sample : series) {
            joules += sample.powerWatts() * (sample.offsetSeconds() - previousOffset);
            previousOffset = sample.offsetSeconds();
        }
        return joules;
    }

    /** A source that fails with a runtime exception, as a buggy backend might. */
    private static final class FailingSource implements EnergySource {
        private final RuntimeException failure;
        private final Error error;

        FailingSource(RuntimeException failure) {
            this(failure, null);
        }

        FailingSource(RuntimeException failure, Error error) {
            this.failure = failure;
            this.error = error;
        }

        @Override
        public DeviceId device() {
            return new DeviceId(DeviceKind.CPU, 0, null, "package-0");
        }

        @Override
        public MeasurementMethod method() {
            return MeasurementMethod.RAPL;
        }

        @Override
        public Duration pollInterval() {
            return Duration.ofSeconds(1);
        }

        @Override
        public double readCumulativeJoules(long monotonicNanos) {
            if (error != null) {
                throw error;
            }
            throw failure;
        }

        @Override
        public void close() {}
    }
}
