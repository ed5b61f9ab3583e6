package io.carbonmlops.mlflow;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.PowerSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Measurements with known figures for the MLflow tests. */
final class TestMeasurements {
    private TestMeasurements() {}

    /**
     * {@code gpus} GPUs at a constant {@code watts} each for {@code seconds} seconds, a 1 Hz power series,
     * plus a CPU at 50 W (RAPL); PUE 1.2.
     */
    static Measurement gpuRun(Instant start, int gpus, int seconds, double watts) {
        List<DeviceMeasurement> devices = new ArrayList<>();
        for (int i = 0; i < gpus; i++) {
            List<PowerSample> series = new ArrayList<>();
            for (int s = 1; s <= seconds; s++) {
                series.add(new PowerSample(s, watts + i));
            }
            devices.add(new DeviceMeasurement(new DeviceId(DeviceKind.GPU, i, "GPU-test-" + i, "NVIDIA H200"),
                    (watts + i) * seconds, MeasurementMethod.NVML_ENERGY_COUNTER, watts + i, watts + i, series, false));
        }
        devices.add(new DeviceMeasurement(new DeviceId(DeviceKind.CPU, 0, null, "package-0"), 50.0 * seconds,
                MeasurementMethod.RAPL, 50, 55, List.of(), false));
        return new Measurement(start, start.plusSeconds(seconds), Duration.ofSeconds(seconds), devices, 1.2,
                List.of("ram: not measured (test)"));
    }

    /**
     * A CPU at 50 W (RAPL) for {@code seconds}, and GPU 0 found but not measured (an UNAVAILABLE row, as the meter
     * reports a GPU it could not read); PUE 1.2.
     */
    static Measurement cpuOnlyRunWithUnmeasuredGpu(Instant start, int seconds) {
        List<DeviceMeasurement> devices = List.of(
                new DeviceMeasurement(new DeviceId(DeviceKind.GPU, 0, "GPU-test-0", "NVIDIA H200"), 0,
                        MeasurementMethod.UNAVAILABLE, 0, 0, List.of(), false),
                new DeviceMeasurement(new DeviceId(DeviceKind.CPU, 0, null, "package-0"), 50.0 * seconds,
                        MeasurementMethod.RAPL, 50, 55, List.of(), false));
        return new Measurement(start, start.plusSeconds(seconds), Duration.ofSeconds(seconds), devices, 1.2,
                List.of("gpu 0: not measured (test)"));
    }

    /** Location-based figures at 400 g/kWh in zone DE. */
    static Optional<FootprintFigures> footprint(Measurement m) {
        return Optional.of(FootprintFigures.locationBased(Measurement.joulesToKwh(m.facilityEnergyJoules()), 400.0, "DE",
                "table: ember yearly 2024 DE", "yearly-average"));
    }

    static double co2eKg(Measurement m) {
        return Measurement.joulesToKwh(m.facilityEnergyJoules()) * 400.0 / 1000.0;
    }
}
