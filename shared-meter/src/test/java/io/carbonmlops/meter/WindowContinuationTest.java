package io.carbonmlops.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A window resumed by another process: counters cover the gap, sampled and estimated devices miss it and say so. */
class WindowContinuationTest {
    private static final DeviceId GPU = new DeviceId(DeviceKind.GPU, 0, "GPU-0", "Fake A");
    private static final DeviceId SAMPLED = new DeviceId(DeviceKind.GPU, 1, "GPU-1", "Old B");
    private static final DeviceId CPU = new DeviceId(DeviceKind.CPU, 0, null, "package-0");
    private static final Instant T0 = Instant.parse("2026-11-30T04:00:00Z");

    /** 10 s metered, then 20 s nobody metered, then 10 s metered again. */
    private final Measurement earlier = measurement(T0, 10, List.of(
            device(GPU, 3000, MeasurementMethod.NVML_ENERGY_COUNTER),
            device(SAMPLED, 1500, MeasurementMethod.NVML_POWER_SAMPLING),
            device(CPU, 500, MeasurementMethod.CPU_TDP_ESTIMATE)));
    private final Measurement segment = measurement(T0.plusSeconds(30), 10, List.of(
            device(GPU, 3000, MeasurementMethod.NVML_ENERGY_COUNTER),
            device(SAMPLED, 1500, MeasurementMethod.NVML_POWER_SAMPLING),
            device(CPU, 500, MeasurementMethod.CPU_TDP_ESTIMATE)));

    @Test
    void aCounterCoversTheGapSoTheWindowIsWholeWhileTheOthersArePartialAndNamed() {
        WindowContinuation continuation = WindowContinuation.after(earlier,
                List.of(new CounterMark(GPU, MeasurementMethod.NVML_ENERGY_COUNTER, 50_000, 0)),
                List.of(new CounterMark(GPU, MeasurementMethod.NVML_ENERGY_COUNTER, 56_000, 0)), "meter m1", "restart");

        Measurement whole = continuation.combine(segment);

        assertThat(whole.startedAt()).isEqualTo(T0);
        assertThat(whole.durationSeconds()).isCloseTo(40, within(1e-9));
        DeviceMeasurement gpu = device(whole, GPU);
        assertThat(gpu.energyJoules()).as("3000 + 6000 in the gap + 3000").isEqualTo(12_000);
        assertThat(gpu.meanPowerWatts()).isCloseTo(300, within(1e-9));
        assertThat(gpu.partial()).isFalse();
        assertThat(device(whole, SAMPLED).partial()).isTrue();
        assertThat(device(whole, SAMPLED).meanPowerWatts()).as("over its metered 20 s").isCloseTo(150, within(1e-9));
        assertThat(device(whole, CPU).partial()).isTrue();
        assertThat(whole.warnings()).singleElement().asString()
                .startsWith("meter m1: nothing read the meter from 2026-11-30T04:00:10Z to 2026-11-30T04:00:30Z (restart)")
                .contains("not counted for: gpu 1 (GPU-1) (nvml-power-sampling); cpu 0 (package-0) (");
    }

    @Test
    void aCounterThatWentDownMissesTheGapTooAndTheDurationIsTheMeteredTime() {
        WindowContinuation continuation = WindowContinuation.after(earlier,
                List.of(new CounterMark(GPU, MeasurementMethod.NVML_ENERGY_COUNTER, 50_000, 0)),
                List.of(new CounterMark(GPU, MeasurementMethod.NVML_ENERGY_COUNTER, 10, 0)), "meter m1", "restart");

        Measurement whole = continuation.combine(segment);

        assertThat(whole.durationSeconds()).as("nothing covered the gap").isCloseTo(20, within(1e-9));
        assertThat(device(whole, GPU).energyJoules()).isEqualTo(6000);
        assertThat(device(whole, GPU).partial()).isTrue();
        assertThat(whole.warnings()).singleElement().asString().contains("gpu 0 (GPU-0): its energy counter went down"
                + " from 50000.000 J to 10.000 J (driver reloaded or machine restarted)");
    }

    @Test
    void withoutTheEarlierMarksNothingIsCovered() {
        Measurement whole = WindowContinuation.after(earlier, List.of(),
                List.of(new CounterMark(GPU, MeasurementMethod.NVML_ENERGY_COUNTER, 56_000, 0)), "meter m1", "restart")
                .combine(segment);

        assertThat(device(whole, GPU).partial()).isTrue();
        assertThat(whole.warnings().get(0)).contains("its counter reading before the gap is not known");
    }

    @Test
    void aLaterSnapshotOfTheSameSegmentNamesTheSameGap() {
        WindowContinuation continuation = WindowContinuation.after(earlier, List.of(), List.of(), "meter m1", "restart");
        Measurement longer = measurement(T0.plusSeconds(30), 25, segment.devices());

        assertThat(continuation.combine(longer).warnings()).isEqualTo(continuation.combine(segment).warnings())
                .hasSize(1);
    }

    private static DeviceMeasurement device(Measurement m, DeviceId id) {
        return m.devices().stream().filter(d -> d.device().equals(id)).findFirst().orElseThrow();
    }

    private static DeviceMeasurement device(DeviceId id, double joules, MeasurementMethod method) {
        return new DeviceMeasurement(id, joules, method, joules / 10, joules / 10, List.of(), false);
    }

    private static Measurement measurement(Instant start, int seconds, List<DeviceMeasurement> devices) {
        return new Measurement(start, start.plusSeconds(seconds), Duration.ofSeconds(seconds), devices, 1.0, List.of());
    }
}
