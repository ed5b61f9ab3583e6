package io.carbonmlops.meter.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.carbonmlops.meter.DeviceLostException;
import io.carbonmlops.meter.DeviceStatus;
import io.carbonmlops.meter.EnergySource;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.MeterConfig;
import io.carbonmlops.meter.SourceDiscovery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives the real JNA binding against the fake libnvidia-ml.so.1, whose power and energy are exact functions of
 * the test's clock. The counter is an integer of millijoules, truncated at each reading, so a counter-based
 * figure is exact to 2 mJ (one truncation at each end); sampled power is an integer of milliwatts, exact here
 * because every profile uses whole watts.
 */
class NvmlDiscoveryTest {
    private static final double COUNTER_TOLERANCE_JOULES = 0.002;
    private static final double SAMPLING_TOLERANCE_JOULES = 1e-6;

    private final List<EnergySource> opened = new ArrayList<>();
    private FakeNvml fake;

    @BeforeEach
    void loadFake() {
        fake = FakeNvml.load();
    }

    @AfterEach
    void closeSourcesAndCheckShutdown() {
        opened.forEach(EnergySource::close);
        assertThat(fake.initCount()).as("every nvmlInit_v2 is paired with one nvmlShutdown").isZero();
    }

    private SourceDiscovery discover(MeterConfig config, Map<String, String> env, FakeNvml.SteppedClock clock) {
        SourceDiscovery discovery = NvmlDiscovery.discover(config, env, clock);
        opened.addAll(discovery.sources());
        return discovery;
    }

    private static double readEverySecond(EnergySource source, FakeNvml.SteppedClock clock, int seconds)
            throws DeviceLostException {
        double joules = 0;
        for (int i = 0; i < seconds; i++) {
            clock.advance(Duration.ofSeconds(1));
            joules = source.readCumulativeJoules(clock.monotonicNanos());
        }
        return joules;
    }

    @Test
    void energyCounterGivesPowerTimesTime() throws Exception {
        fake.configure("watts=300");
        FakeNvml.SteppedClock clock = fake.clock();
        SourceDiscovery discovery = discover(MeterConfig.defaults(), fake.env(), clock);

        assertThat(discovery.sources()).hasSize(1);
        EnergySource gpu = discovery.sources().get(0);
        assertThat(gpu.method()).isEqualTo(MeasurementMethod.NVML_ENERGY_COUNTER);
        assertThat(gpu.device().uuid()).isEqualTo("GPU-fa4e0000-0000-0000-0000-000000000000");
        assertThat(gpu.device().name()).isEqualTo("Fake NVIDIA H200");
        assertThat(discovery.warnings()).isEmpty();
        assertThat(readEverySecond(gpu, clock, 10)).as("300 W for 10 s").isCloseTo(3000, within(COUNTER_TOLERANCE_JOULES));
        assertThat(fake.initCount()).as("the open source holds NVML initialised").isEqualTo(1);
    }

    @Test
    void aClosedSourceNeverPassesItsStaleHandleToNvml() {
        fake.configure("");
        FakeNvml.SteppedClock clock = fake.clock();
        EnergySource gpu = discover(MeterConfig.defaults(), fake.env(), clock).sources().get(0);
        gpu.close();

        assertThat(fake.initCount()).isZero();
        assertThatThrownBy(() -> gpu.readCumulativeJoules(clock.monotonicNanos()))
                .isInstanceOf(DeviceLostException.class)
                .hasMessageContaining("NVML_ERROR_UNINITIALIZED", "session already shut down");
    }

    @Test
    void gpuWithoutCounterIsSampledAndIntegrated() throws Exception {
        fake.configure("energy=no,watts=150");
        FakeNvml.SteppedClock clock = fake.clock();
        EnergySource gpu = discover(MeterConfig.defaults(), fake.env(), clock).sources().get(0);

        assertThat(gpu.method()).isEqualTo(MeasurementMethod.NVML_POWER_SAMPLING);
        assertThat(gpu.pollInterval()).isEqualTo(MeterConfig.DEFAULT_SAMPLING_INTERVAL);
        double joules = 0;
        for (int i = 0; i < 50; i++) {
            clock.advance(Duration.ofMillis(100));
            joules = gpu.readCumulativeJoules(clock.monotonicNanos());
        }
        assertThat(joules).as("150 W for 5 s").isCloseTo(750, within(SAMPLING_TOLERANCE_JOULES));
    }

    @Test
    void samplingOnTheSpikeGridIsExact() throws Exception {
        // 400 W for the first 200 ms of every second, 100 W otherwise: 160 W on average. Both edges of every spike
        // fall on a 100 ms sample, so the trapezoid over-counts the falling edge by exactly what it under-counts
        // the rising one (15 J each way per second) and the integral is exact.
        fake.configure("energy=no,watts=100,spike=400/200/1000");
        FakeNvml.SteppedClock clock = fake.clock();
        EnergySource gpu = discover(MeterConfig.defaults(), fake.env(), clock).sources().get(0);

        double joules = 0;
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofMillis(100));
            joules = gpu.readCumulativeJoules(clock.monotonicNanos());
        }
        assertThat(joules).as("160 W mean for 10 s").isCloseTo(1600, within(SAMPLING_TOLERANCE_JOULES));
    }

    @Test
    void aSensorThatSeesOnlyPartOfTheTimeMisleadsSamplingButNotTheCounter() throws Exception {
        // 300 W for the first 50 ms of every 100 ms, 100 W for the rest: 200 W on average. An A100/H100-like
        // sensor sees only the first 25 ms of every 100 ms, so every power reading says 300 W.
        String profile = "watts=100,spike=300/50/100,power_seen=25/100";
        fake.configure("energy=no," + profile);
        FakeNvml.SteppedClock clock = fake.clock();
        EnergySource sampled = discover(MeterConfig.defaults(), fake.env(), clock).sources().get(0);
        double sampledJoules = 0;
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofMillis(100));
            sampledJoules = sampled.readCumulativeJoules(clock.monotonicNanos());
        }
        // The reading at t = 0 averages the 100 W before the profile starts: half a step of 200 W less.
        assertThat(sampledJoules).as("300 W for 10 s, less 10 J at the start").isCloseTo(2990, within(1e-6));

        sampled.close();
        opened.remove(sampled);
        fake.configure(profile);
        FakeNvml.SteppedClock counterClock = fake.clock();
        EnergySource counter = discover(MeterConfig.defaults(), fake.env(), counterClock).sources().get(0);
        assertThat(readEverySecond(counter, counterClock, 10)).as("the counter integrates all 200 W x 10 s")
                .isCloseTo(2000, within(COUNTER_TOLERANCE_JOULES));
    }

    @Test
    void aOneSecondAveragingSensorReportsTheMeanOfTheLastSecond() throws Exception {
        // 500 W for the first 300 ms of every second, 100 W otherwise; read once a second, the mean is 220 W.
        fake.configure("energy=no,watts=100,spike=500/300/1000,power_avg_ms=1000");
        FakeNvml.SteppedClock clock = fake.clock();
        EnergySource gpu = discover(MeterConfig.defaults().withSamplingInterval(Duration.ofSeconds(1)), fake.env(),
                clock).sources().get(0);
        // The reading at t = 0 averages the second before the profile starts (100 W): 60 J less in the first second.
        assertThat(readEverySecond(gpu, clock, 10)).as("220 W for 10 s, less 60 J").isCloseTo(2140, within(1e-3));
    }

    @Test
    void configuredSamplingIntervalIsThePollInterval() {
        fake.configure("energy=no");
        MeterConfig config = MeterConfig.defaults().withSamplingInterval(Duration.ofMillis(250));
        SourceDiscovery discovery = discover(config, fake.env(), fake.clock());

        assertThat(discovery.sources().get(0).pollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(discovery.statuses().get(0).detail()).contains("every 250 ms", "pre-Volta");
    }

    @Test
    void samplingCanBeForcedOnAGpuWithACounter() throws Exception {
        fake.configure("watts=120");
        FakeNvml.SteppedClock clock = fake.clock();
        SourceDiscovery discovery = discover(MeterConfig.defaults(),
                fake.env(NvmlDiscovery.METHOD_ENV, "nvml-power-sampling"), clock);

        assertThat(discovery.sources()).singleElement().extracting(EnergySource::method)
                .isEqualTo(MeasurementMethod.NVML_POWER_SAMPLING);
        assertThat(discovery.statuses().get(0).detail()).contains("forced by CARBON_NVML_METHOD");
        assertThat(readEverySecond(discovery.sources().get(0), clock, 3)).isCloseTo(360, within(SAMPLING_TOLERANCE_JOULES));
    }

    @Test
    void anUnknownForcedMethodIsWarnedAboutAndIgnored() {
        fake.configure("");
        SourceDiscovery discovery = discover(MeterConfig.defaults(), fake.env(NvmlDiscovery.METHOD_ENV, "guess"),
                fake.clock());

        assertThat(discovery.sources()).singleElement().extracting(EnergySource::method)
                .isEqualTo(MeasurementMethod.NVML_ENERGY_COUNTER);
        assertThat(discovery.warnings()).singleElement().asString().contains("CARBON_NVML_METHOD=guess", "ignored");
    }

    @Test
    void driverReloadCarriesOnFromTheNewBase() throws Exception {
        // 200 W; the driver reloads at 2.5 s, between the readings at 2 s and 3 s. The counter then restarts from 0
        // and shows the 100 J drawn since the reload. Only the 100 J between the 2 s reading and the reload are
        // unknowable: 4 s x 200 W = 800 J drawn, 700 J reported, never a decrease.
        fake.configure("watts=200,reload_at_ms=2500,base_mj=5000000");
        FakeNvml.SteppedClock clock = fake.clock();
        EnergySource gpu = discover(MeterConfig.defaults(), fake.env(), clock).sources().get(0);

        List<Double> readings = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(1));
            readings.add(gpu.readCumulativeJoules(clock.monotonicNanos()));
        }
        assertThat(readings).isSorted();
        assertThat(readings.get(3)).isCloseTo(700, within(COUNTER_TOLERANCE_JOULES));
        assertThat(gpu.warnings()).singleElement().asString()
                .contains("gpu 0 (GPU-fa4e0000-0000-0000-0000-000000000000)", "driver reloaded", "5400.000 J");
    }

    @Test
    void lostGpuRaisesDeviceLostNamingUuidAndCause() throws Exception {
        // Discovery reads the counter once to set the zero; two more reads succeed, the fourth is refused.
        fake.configure("watts=100,lost_after=3");
        FakeNvml.SteppedClock clock = fake.clock();
        EnergySource gpu = discover(MeterConfig.defaults(), fake.env(), clock).sources().get(0);

        assertThat(readEverySecond(gpu, clock, 2)).isCloseTo(200, within(COUNTER_TOLERANCE_JOULES));
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> gpu.readCumulativeJoules(clock.monotonicNanos()))
                .isInstanceOf(DeviceLostException.class)
                .hasMessageContaining("gpu 0 (GPU-fa4e0000-0000-0000-0000-000000000000)")
                .hasMessageContaining("NVML_ERROR_GPU_IS_LOST")
                .hasMessageContaining("GPU is lost")
                .hasCauseInstanceOf(NvmlException.class);
    }

    @Test
    void gpuWithoutPermissionIsSkippedWithAWarning() {
        fake.configure("watts=100;noperm;energy=no,watts=200");
        SourceDiscovery discovery = discover(MeterConfig.defaults(), fake.env(), fake.clock());

        assertThat(discovery.sources()).extracting(s -> s.device().index()).containsExactly(0, 2);
        assertThat(discovery.sources()).extracting(EnergySource::method)
                .containsExactly(MeasurementMethod.NVML_ENERGY_COUNTER, MeasurementMethod.NVML_POWER_SAMPLING);
        DeviceStatus skipped = discovery.statuses().stream().filter(s -> s.device().index() == 1).findFirst().orElseThrow();
        assertThat(skipped.method()).isEqualTo(MeasurementMethod.UNAVAILABLE);
        assertThat(skipped.detail()).contains("NVML_ERROR_NO_PERMISSION", "Insufficient Permissions", "/dev/nvidia");
        assertThat(discovery.warnings()).singleElement().asString().startsWith("gpu 1 ").contains("NO_PERMISSION");
    }

    @Test
    void migModeIsMeasuredAsTheWholeBoardWithAWarning() {
        fake.configure("mig");
        SourceDiscovery discovery = discover(MeterConfig.defaults(), fake.env(), fake.clock());

        assertThat(discovery.sources()).hasSize(1);
        assertThat(discovery.warnings()).singleElement().asString()
                .contains("GPU-fa4e0000-0000-0000-0000-000000000000", "MIG mode", "whole board");
    }

    @Test
    void cudaVisibleDevicesChoosesByIndexAndUuidPrefix() {
        fake.configure(";;;");
        SourceDiscovery byIndex = discover(MeterConfig.defaults(), fake.env("CUDA_VISIBLE_DEVICES", "3,1"), fake.clock());
        assertThat(byIndex.sources()).extracting(s -> s.device().index()).containsExactly(1, 3);

        SourceDiscovery byUuid = discover(MeterConfig.defaults(),
                fake.env("NVIDIA_VISIBLE_DEVICES", "GPU-FA4E0000-0000-0000-0000-000000000002"), fake.clock());
        assertThat(byUuid.sources()).extracting(s -> s.device().uuid())
                .containsExactly("GPU-fa4e0000-0000-0000-0000-000000000002");
    }

    @Test
    void selectionWarnsAboutEntriesItCannotMeasure() {
        fake.configure(";");
        SourceDiscovery discovery = discover(MeterConfig.defaults(),
                fake.env("CUDA_VISIBLE_DEVICES", "0,MIG-4f1c,7,GPU-fa4e"), fake.clock());

        assertThat(discovery.sources()).extracting(s -> s.device().index()).containsExactly(0);
        assertThat(discovery.warnings()).hasSize(3);
        assertThat(discovery.warnings().get(0)).contains("MIG-4f1c", "whole board");
        assertThat(discovery.warnings()).anySatisfy(w -> assertThat(w).contains("no GPU with NVML index 7"));
        assertThat(discovery.warnings()).anySatisfy(w -> assertThat(w).contains("GPU-fa4e matches 2 GPUs"));
    }

    @Test
    void configuredSelectionOverridesTheEnvironment() {
        fake.configure(";");
        SourceDiscovery discovery = discover(MeterConfig.defaults().withGpuSelection("1"),
                fake.env("CUDA_VISIBLE_DEVICES", "0"), fake.clock());

        assertThat(discovery.sources()).extracting(s -> s.device().index()).containsExactly(1);
    }

    @Test
    void aSelectionThatMatchesNoGpuLeavesAStatusSayingWhy() {
        fake.configure(";");
        SourceDiscovery discovery = discover(MeterConfig.defaults().withGpuSelection("7"), fake.env(), fake.clock());

        assertThat(discovery.sources()).isEmpty();
        assertThat(discovery.statuses()).singleElement().satisfies(status -> {
            assertThat(status.method()).isEqualTo(MeasurementMethod.UNAVAILABLE);
            assertThat(status.detail()).contains("GPU selection '7'", "none of the 2 GPUs");
        });
        assertThat(discovery.warnings()).singleElement().asString().contains("no GPU with NVML index 7");
    }

    @Test
    void selectingNoGpuDoesNotLoadNvml() {
        SourceDiscovery discovery = NvmlDiscovery.discover(MeterConfig.defaults(),
                Map.of("CUDA_VISIBLE_DEVICES", "", NvmlLibrary.LIBRARY_ENV, "/nonexistent/libnvidia-ml.so.1"),
                fake.clock());

        assertThat(discovery.sources()).isEmpty();
        assertThat(discovery.warnings()).isEmpty();
        assertThat(discovery.statuses()).singleElement().extracting(DeviceStatus::detail).asString()
                .contains("CUDA_VISIBLE_DEVICES= selects none");
    }

    @Test
    void missingLibraryBecomesAStatusAndAWarning() {
        MeterConfig config = MeterConfig.defaults().withNvmlLibrary(Path.of("/nonexistent/libnvidia-ml.so.1"));
        SourceDiscovery discovery = NvmlDiscovery.discover(config, fake.env(), fake.clock());

        assertThat(discovery.sources()).isEmpty();
        assertThat(discovery.statuses()).singleElement().satisfies(status -> {
            assertThat(status.method()).isEqualTo(MeasurementMethod.UNAVAILABLE);
            assertThat(status.device().index()).isNegative();
        });
        assertThat(discovery.warnings()).singleElement().asString()
                .contains("/nonexistent/libnvidia-ml.so.1", "no such file", "CARBON_NVML_LIBRARY");
    }

    @Test
    void aRelativeLibraryPathMeansThatFile() {
        fake.configure("watts=10");
        Path relative = Path.of("").toAbsolutePath().relativize(fake.library());
        SourceDiscovery discovery = discover(MeterConfig.defaults(),
                Map.of(NvmlLibrary.LIBRARY_ENV, relative.toString()), fake.clock());

        assertThat(relative.isAbsolute()).isFalse();
        assertThat(discovery.sources()).hasSize(1);
    }

    @Test
    void libraryWithoutNvmlSymbolsBecomesFunctionNotFound() throws Exception {
        // The C library this JVM already runs on: a real shared object without a single nvml symbol.
        String libc = Files.readAllLines(Path.of("/proc/self/maps")).stream().map(line -> line.replaceAll(".* ", ""))
                .filter(file -> file.matches(".*/libc[.-].*so.*")).findFirst().orElseThrow();
        SourceDiscovery discovery = NvmlDiscovery.discover(MeterConfig.defaults(),
                Map.of(NvmlLibrary.LIBRARY_ENV, libc), fake.clock());

        assertThat(discovery.sources()).isEmpty();
        assertThat(discovery.warnings()).singleElement().asString()
                .contains("nvmlInit_v2", "NVML_ERROR_FUNCTION_NOT_FOUND");
    }

    @Test
    void driverNotLoadedBecomesAStatusWithTheRemedy() {
        fake.configure("", NvmlReturn.ERROR_DRIVER_NOT_LOADED.code());
        SourceDiscovery discovery = discover(MeterConfig.defaults(), fake.env(), fake.clock());

        assertThat(discovery.sources()).isEmpty();
        assertThat(discovery.warnings()).singleElement().asString()
                .contains("NVML_ERROR_DRIVER_NOT_LOADED", "Driver Not Loaded", "nvidia-smi");
    }

    @Test
    void machineWithoutGpusSaysSo() {
        fake.configure("none");
        SourceDiscovery discovery = discover(MeterConfig.defaults(), fake.env(), fake.clock());

        assertThat(discovery.sources()).isEmpty();
        assertThat(discovery.warnings()).singleElement().asString().contains("found no GPU", "999.99.fake");
    }

    @Test
    void gpuWithNeitherCounterNorPowerIsUnavailable() {
        fake.configure("energy=no,power=no");
        SourceDiscovery discovery = discover(MeterConfig.defaults(), fake.env(), fake.clock());

        assertThat(discovery.sources()).isEmpty();
        assertThat(discovery.statuses()).singleElement().satisfies(status -> {
            assertThat(status.device().index()).isZero();
            assertThat(status.method()).isEqualTo(MeasurementMethod.UNAVAILABLE);
            assertThat(status.detail()).contains("NVML_ERROR_NOT_SUPPORTED", "neither an energy counter nor power");
        });
    }
}
