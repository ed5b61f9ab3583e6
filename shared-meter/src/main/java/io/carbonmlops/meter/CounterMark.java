package io.carbonmlops.meter;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A raw reading of a device's own energy counter (NVML's total energy since the driver loaded, RAPL's
 * {@code energy_uj}), kept so that another process can later count the energy drawn since: a window resumed after
 * the JVM that metered it died covers the time nothing polled, where the hardware kept counting.
 *
 * @param device          the device
 * @param method          the counter's method ({@link MeasurementMethod#NVML_ENERGY_COUNTER} or {@link MeasurementMethod#RAPL})
 * @param counterJoules   the counter's raw value, in joules
 * @param wrapRangeJoules where the counter wraps to 0 (RAPL's {@code max_energy_range_uj}); 0 = it does not wrap
 */
public record CounterMark(DeviceId device, MeasurementMethod method, double counterJoules, double wrapRangeJoules) {
    /** Above any current CPU package or DRAM domain: bounds how often a RAPL counter can wrap. */
    public static final double MAX_PLAUSIBLE_WATTS = 1000;

    public CounterMark {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(method, "method");
        if (!(counterJoules >= 0) || !(wrapRangeJoules >= 0)) {
            throw new IllegalArgumentException("a counter mark of " + device.describe() + " must be >= 0 J, was "
                    + counterJoules + " (range " + wrapRangeJoules + ")");
        }
    }

    /**
     * The energy the counter counted since {@code earlier} (the same device's mark), {@code elapsed} wall time
     * before; unknown (with the reason) when the counter restarted or may have wrapped more than once.
     */
    public Gap since(CounterMark earlier, Duration elapsed) {
        if (!device.equals(earlier.device) || method != earlier.method) {
            return Gap.unknown(device.describe() + ": not the counter the earlier mark was taken from");
        }
        double seconds = Math.max(0, elapsed.toNanos() / 1e9);
        if (wrapRangeJoules == 0) {
            return counterJoules >= earlier.counterJoules ? Gap.covered(counterJoules - earlier.counterJoules)
                    : Gap.unknown(String.format(Locale.ROOT, "%s: its energy counter went down from %.3f J to %.3f J"
                            + " (driver reloaded or machine restarted)", device.describe(), earlier.counterJoules,
                            counterJoules));
        }
        double wrapFreeSeconds = wrapRangeJoules / MAX_PLAUSIBLE_WATTS;
        if (seconds >= wrapFreeSeconds) {
            return Gap.unknown(String.format(Locale.ROOT, "%s: %.0f s is longer than its counter is sure to wrap at"
                    + " most once (%.0f s at %.0f W)", device.describe(), seconds, wrapFreeSeconds, MAX_PLAUSIBLE_WATTS));
        }
        return Gap.covered(counterJoules >= earlier.counterJoules ? counterJoules - earlier.counterJoules
                : wrapRangeJoules - earlier.counterJoules + counterJoules);
    }

    /** The energy of a gap: known from the counter, or unknown with the reason. */
    public record Gap(double joules, String unknownReason) {
        static Gap covered(double joules) {
            return new Gap(joules, null);
        }

        static Gap unknown(String reason) {
            return new Gap(0, reason);
        }

        public boolean covered() {
            return unknownReason == null;
        }
    }
}
