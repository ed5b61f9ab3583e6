package io.carbonmlops.jenkins.tracking;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.carbon.CarbonAccountant;
import io.carbonmlops.meter.carbon.provider.Providers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Values shared by the tracking tests. */
final class Fixtures {
    private Fixtures() {}

    static BuildInfo build() {
        return BuildInfo.fromEnvironment(Map.of("JOB_NAME", "ml/train", "BUILD_NUMBER", "42",
                "BUILD_URL", "https://ci.example.com/job/ml/job/train/42/", "NODE_NAME", "gpu-1", "STAGE_NAME", "Train"));
    }

    static TrackingSettings settings(String experiment, double pue) {
        return TrackingSettings.resolve(new TrackingSettings.Requested(experiment, "train", null, "DE", pue, null,
                Map.of("team", "vision"), false), CarbonDefaults.none(), build());
    }

    /** One GPU and one CPU package, {@code joules} in total, over 60 s of 2026-11-30. */
    static Measurement measurement(double joules, double pue) {
        Instant start = Instant.parse("2026-11-30T04:00:00Z");
        DeviceMeasurement gpu = new DeviceMeasurement(new DeviceId(DeviceKind.GPU, 0, "GPU-fake-0", "NVIDIA H200"),
                joules * 0.75, MeasurementMethod.NVML_ENERGY_COUNTER, joules * 0.75 / 60, 700, List.of(), false);
        DeviceMeasurement cpu = new DeviceMeasurement(new DeviceId(DeviceKind.CPU, 0, null, "package-0"),
                joules * 0.25, MeasurementMethod.RAPL, joules * 0.25 / 60, 200, List.of(), false);
        return new Measurement(start, start.plusSeconds(60), Duration.ofSeconds(60), List.of(gpu, cpu), pue, List.of());
    }

    /** CO2e from the shipped table only: no network. */
    static FootprintCalculator tableFootprints() {
        return FootprintCalculator.of(new CarbonAccountant(Providers.chain("table", Map.of(), MeterClock.SYSTEM)));
    }
}
