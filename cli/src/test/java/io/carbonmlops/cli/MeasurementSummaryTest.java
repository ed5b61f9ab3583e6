package io.carbonmlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeasurementSummaryTest {
    @Test
    void summarisesDevicesTotalsAndWarningsOneLineEach() {
        Instant start = Instant.parse("2026-11-30T04:00:00Z");
        DeviceMeasurement gpu = new DeviceMeasurement(new DeviceId(DeviceKind.GPU, 0, "GPU-1", "NVIDIA H200"), 36_000,
                MeasurementMethod.NVML_ENERGY_COUNTER, 300, 450, List.of(), false);
        DeviceMeasurement cpu = new DeviceMeasurement(new DeviceId(DeviceKind.CPU, 0, null, "package-0"), 1_200,
                MeasurementMethod.CPU_TDP_ESTIMATE, 10, 12, List.of(), true);
        Measurement measurement = new Measurement(start, start.plusSeconds(120), Duration.ofSeconds(120),
                List.of(gpu, cpu), 1.2, List.of("cpu 0 (package-0): estimated\nbecause RAPL is unreadable"));

        List<String> lines = MeasurementSummary.lines(
                new MeasureOutcome(List.of("train"), measurement, 0, Optional.of("SIGTERM")));

        assertThat(lines).containsExactly(
                "measured 120 s, exit code 0, stopped on SIGTERM",
                "  gpu 0 (GPU-1) NVIDIA H200  36 kJ  nvml-energy-counter, mean 300 W, peak 450 W",
                "  cpu 0 (package-0)          1.2 kJ  cpu-tdp-utilisation-estimate (estimate), partial, mean 10 W, peak 12 W",
                "  energy 0.0103 kWh (IT), 0.0124 kWh facility at PUE 1.2",
                "  warning: cpu 0 (package-0): estimated because RAPL is unreadable");
    }

    @Test
    void formatsWithThreeSignificantDigitsAndNoScientificNotation() {
        assertThat(MeasurementSummary.significant(0.000001234, 3)).isEqualTo("0.00000123");
        assertThat(MeasurementSummary.significant(2500, 3)).isEqualTo("2500");
        assertThat(MeasurementSummary.joules(2_500_000)).isEqualTo("2.5 MJ");
        assertThat(MeasurementSummary.joules(0.5)).isEqualTo("0.5 J");
        assertThat(MeasurementSummary.joules(0)).isEqualTo("0 J");
    }
}
