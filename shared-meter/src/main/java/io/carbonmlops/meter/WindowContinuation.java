package io.carbonmlops.meter;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A window metered in segments by different processes: the last running totals (and counter marks) the process that
 * died kept, and a new segment metered from the moment another process took over. Totals add up. Nothing read the
 * devices in between, but a device with its own energy counter (NVML's total energy, RAPL) kept counting: its marks
 * at the earlier segment's last reading and at the new segment's start give the energy of the gap exactly, so such a
 * device covers the whole window. A device without one (power-sampled GPUs, estimates), or whose counter restarted
 * (driver reload, reboot) or may have wrapped more than once, misses the gap: it is marked partial and named, with
 * why, in a warning.
 *
 * <p>Duration: the whole window when a counter covered the gap (mean power of such devices is over the whole window),
 * else the metered time; a device that missed the gap has its mean power over the time it was metered.
 */
public final class WindowContinuation {
    private final Measurement earlier;
    private final Map<DeviceId, CounterMark> earlierMarks = new LinkedHashMap<>();
    private final Map<DeviceId, CounterMark> resumedMarks = new LinkedHashMap<>();
    private final String label;
    private final String cause;

    private WindowContinuation(Measurement earlier, List<CounterMark> earlierMarks, List<CounterMark> resumedMarks,
            String label, String cause) {
        this.earlier = Objects.requireNonNull(earlier, "earlier");
        earlierMarks.forEach(m -> this.earlierMarks.put(m.device(), m));
        resumedMarks.forEach(m -> this.resumedMarks.put(m.device(), m));
        this.label = label;
        this.cause = cause;
    }

    /**
     * @param earlier      the earlier segments' last running totals
     * @param earlierMarks the counters' marks of that same reading; empty when they cannot be trusted (another boot)
     * @param resumedMarks the new segment's start marks ({@link MeasurementWindow#startMarks()})
     * @param label        names the window in warnings, e.g. "meter carbon-1234"
     * @param cause        why nothing metered in between, e.g. "the agent's JVM restarted during the body"
     */
    public static WindowContinuation after(Measurement earlier, List<CounterMark> earlierMarks,
            List<CounterMark> resumedMarks, String label, String cause) {
        return new WindowContinuation(earlier, earlierMarks, resumedMarks, label, cause);
    }

    /** The whole window's totals: the earlier segments', the gap where a counter covers it, and {@code segment}'s. */
    public Measurement combine(Measurement segment) {
        Duration gap = Duration.between(earlier.endedAt(), segment.startedAt());
        gap = gap.isNegative() ? Duration.ZERO : gap;
        double meteredSeconds = earlier.durationSeconds() + segment.durationSeconds();
        double wholeSeconds = meteredSeconds + gap.toNanos() / 1e9;
        double shift = Duration.between(earlier.startedAt(), segment.startedAt()).toNanos() / 1e9;
        Map<DeviceId, DeviceMeasurement> devices = new LinkedHashMap<>();
        earlier.devices().forEach(d -> devices.put(d.device(), d));
        List<String> missed = new ArrayList<>();
        boolean anyCovered = false;
        for (DeviceMeasurement d : segment.devices()) {
            DeviceMeasurement before = devices.get(d.device());
            CounterMark.Gap counted = gapOf(d, before, gap);
            if (counted.covered()) {
                anyCovered = true;
            } else if (d.method() != MeasurementMethod.UNAVAILABLE) {
                missed.add(counted.unknownReason());
            }
            double joules = d.energyJoules() + (before == null ? 0 : before.energyJoules()) + counted.joules();
            double seconds = counted.covered() ? wholeSeconds : meteredSeconds;
            devices.put(d.device(), new DeviceMeasurement(d.device(), joules, d.method(),
                    seconds > 0 ? joules / seconds : 0, Math.max(d.peakPowerWatts(), before == null ? 0
                            : before.peakPowerWatts()), series(before, d, shift),
                    d.partial() || !counted.covered() || (before != null && before.partial())));
        }
        List<String> warnings = new ArrayList<>(earlier.warnings());
        addOnce(warnings, gapWarning(gap, segment.startedAt(), missed));
        segment.warnings().forEach(w -> addOnce(warnings, w));
        double seconds = anyCovered ? wholeSeconds : meteredSeconds;
        return new Measurement(earlier.startedAt(), segment.endedAt(), Duration.ofNanos(Math.round(seconds * 1e9)),
                new ArrayList<>(devices.values()), segment.pue(), warnings);
    }

    private CounterMark.Gap gapOf(DeviceMeasurement device, DeviceMeasurement before, Duration gap) {
        CounterMark from = earlierMarks.get(device.device());
        CounterMark to = resumedMarks.get(device.device());
        if (before == null || from == null || to == null) {
            return new CounterMark.Gap(0, device.device().describe() + " (" + device.method().label()
                    + (from == null && to != null ? ": its counter reading before the gap is not known" : "") + ")");
        }
        if (before.partial()) {
            return new CounterMark.Gap(0, device.device().describe() + ": stopped answering before the gap");
        }
        return to.since(from, gap);
    }

    private String gapWarning(Duration gap, Instant resumedAt, List<String> missed) {
        String span = label + ": nothing read the meter from " + format(resumedAt.minus(gap)) + " to "
                + format(resumedAt) + " (" + cause + ")";
        if (missed.isEmpty()) {
            return span + "; the devices' own energy counters cover that time";
        }
        return span + "; not metered then, so the energy of that gap is not counted for: " + String.join("; ", missed);
    }

    private static List<PowerSample> series(DeviceMeasurement before, DeviceMeasurement segment, double shift) {
        List<PowerSample> series = new ArrayList<>(before == null ? List.of() : before.powerSeries());
        segment.powerSeries().forEach(s -> series.add(new PowerSample(s.offsetSeconds() + shift, s.powerWatts())));
        return series;
    }

    private static void addOnce(List<String> warnings, String warning) {
        if (!warnings.contains(warning)) {
            warnings.add(warning);
        }
    }

    private static String format(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
