package io.carbonmlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.DeviceStatus;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeasurementSummaryTest {
    private static final Instant START = Instant.parse("2026-11-30T04:00:00Z");
    private static final DeviceId CPU = new DeviceId(DeviceKind.CPU, 0, null, "Intel(R) Xeon(R) Processor");
    private static final DeviceId NVML = new DeviceId(DeviceKind.GPU, -1, null, "NVML");
    private static final String NVML_WARNING = "gpu (NVML): GPUs not measured: load libnvidia-ml.so.1: "
            + "NVML_ERROR_LIBRARY_NOT_FOUND (12, \"cannot load the NVML library\")";
    private static final String RAPL_WARNING = "cpu: RAPL not used: no powercap tree at /sys/class/powercap";
    private static final String ESTIMATE_WARNING = "cpu: ESTIMATE, not measured: 2.7 W TDP (generic ...)";
    private static final String LOST_WARNING = "gpu 1 (GPU-2): stopped answering during this window (gone)";
    private static final List<DeviceStatus> STATUSES = List.of(
            new DeviceStatus(NVML, MeasurementMethod.UNAVAILABLE, "GPUs not measured: …", "not measured: no NVML library"),
            new DeviceStatus(CPU, MeasurementMethod.CPU_TDP_ESTIMATE, "ESTIMATE…",
                    "estimate: 2.7 W TDP (generic) x the whole machine's CPU use; set the TDP with --cpu-tdp WATTS"));
    private static final List<String> DISCOVERY_WARNINGS = List.of(NVML_WARNING, RAPL_WARNING, ESTIMATE_WARNING);

    @Test
    void summarisesDevicesAndTotalsWithReadableUnits() {
        DeviceMeasurement gpu = new DeviceMeasurement(new DeviceId(DeviceKind.GPU, 0, "GPU-1", "NVIDIA H200"), 36_000,
                MeasurementMethod.NVML_ENERGY_COUNTER, 300, 450, List.of(), false);
        DeviceMeasurement cpu = new DeviceMeasurement(new DeviceId(DeviceKind.CPU, 0, null, "package-0"), 1_200,
                MeasurementMethod.CPU_TDP_ESTIMATE, 10, 12, List.of(), true);
        Measurement measurement = new Measurement(START, START.plusSeconds(120), Duration.ofSeconds(120),
                List.of(gpu, cpu), 1.2, List.of());

        List<String> lines = MeasurementSummary.lines(
                new MeasureOutcome(List.of("train"), measurement, 0, Optional.of("SIGTERM")));

        assertThat(lines).containsExactly(
                "measured 120 s, exit code 0, stopped on SIGTERM",
                "  gpu 0 (GPU-1) NVIDIA H200  10 Wh  nvml-energy-counter, mean 300 W, peak 450 W",
                "  cpu 0 (package-0)          1200 J  cpu-tdp-utilisation-estimate (estimate), partial, mean 10 W, peak 12 W",
                "  energy 10.3 Wh (IT), 12.4 Wh facility at PUE 1.2");
    }

    @Test
    void warningsAreOneLinePerEstimatedOrUnmeasuredDeviceAndOthersStay() {
        Measurement measurement = new Measurement(START, START.plusSeconds(1), Duration.ofSeconds(1), List.of(), 1,
                List.of(NVML_WARNING, RAPL_WARNING, ESTIMATE_WARNING, LOST_WARNING));

        List<String> lines = MeasurementSummary.warningLines(measurement, STATUSES, DISCOVERY_WARNINGS, false);

        assertThat(lines).containsExactly(
                "  gpu: not measured: no NVML library",
                "  cpu: estimate: 2.7 W TDP (generic) x the whole machine's CPU use; set the TDP with --cpu-tdp WATTS",
                "  warning: " + LOST_WARNING,
                "  details: 'carbon devices', or 'carbon measure --verbose'");
    }

    @Test
    void verbosePrintsEveryWarningInFullOnOneLineEach() {
        Measurement measurement = new Measurement(START, START.plusSeconds(1), Duration.ofSeconds(1), List.of(), 1,
                List.of(NVML_WARNING, "cpu: two\nlines"));

        assertThat(MeasurementSummary.warningLines(measurement, STATUSES, DISCOVERY_WARNINGS, true)).containsExactly(
                "  warning: " + NVML_WARNING, "  warning: cpu: two lines");
    }

    @Test
    void formatsWithThreeSignificantDigitsAndNoScientificNotation() {
        assertThat(MeasurementSummary.significant(0.000001234, 3)).isEqualTo("0.00000123");
        assertThat(MeasurementSummary.significant(2500, 3)).isEqualTo("2500");
    }
}
