package io.carbonmlops.meter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The immutable result of one measurement window.
 *
 * @param startedAt wall-clock start
 * @param endedAt   wall-clock end
 * @param duration  monotonic duration (not endedAt - startedAt, which a clock step could distort)
 * @param devices   one entry per measured device, in a stable order (GPUs by index, then CPU packages, then RAM)
 * @param pue       power usage effectiveness applied for facility energy (1.0 = none)
 * @param warnings  everything that was skipped, partial or estimated, each naming the device and the cause
 */
public record Measurement(
        Instant startedAt,
        Instant endedAt,
        Duration duration,
        List<DeviceMeasurement> devices,
        double pue,
        List<String> warnings) {

    private static final double JOULES_PER_KWH = 3.6e6;

    public Measurement {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(duration, "duration");
        if (!(pue >= 1.0)) {
            throw new IllegalArgumentException("PUE must be >= 1.0, was " + pue);
        }
        devices = List.copyOf(devices);
        warnings = List.copyOf(warnings);
    }

    /** IT energy of all devices of one kind, in joules. */
    public double energyJoules(DeviceKind kind) {
        return devices.stream().filter(d -> d.device().kind() == kind).mapToDouble(DeviceMeasurement::energyJoules).sum();
    }

    /** IT energy of all devices, in joules. */
    public double totalEnergyJoules() {
        return devices.stream().mapToDouble(DeviceMeasurement::energyJoules).sum();
    }

    /** Facility energy: IT energy times PUE, in joules. */
    public double facilityEnergyJoules() {
        return totalEnergyJoules() * pue;
    }

    public double durationSeconds() {
        return duration.toNanos() / 1e9;
    }

    public static double joulesToKwh(double joules) {
        return joules / JOULES_PER_KWH;
    }
}
