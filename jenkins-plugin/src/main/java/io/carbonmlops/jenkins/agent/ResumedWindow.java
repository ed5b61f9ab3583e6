package io.carbonmlops.jenkins.agent;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.PowerSample;
import io.carbonmlops.meter.report.MeasurementJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A window metered in segments: what the journal kept of the agent JVM that ran it until it died (a Jenkins inbound
 * agent re-executes its JVM on every reconnect, so a controller restart or a dropped connection ends the in-memory
 * meter), and a new segment metered by the JVM that took over. The totals add up; the time between the earlier
 * segment's last journal entry and the new segment's start was not metered and is named in a warning; every device
 * is marked partial. Duration is the metered time, so mean power stays energy over the time it was measured in.
 */
final class ResumedWindow {
    private final Measurement earlier;
    private final String gapWarning;

    private ResumedWindow(Measurement earlier, String gapWarning) {
        this.earlier = earlier;
        this.gapWarning = gapWarning;
    }

    /** Continues {@code earlier} (the last journal entry of a dead JVM) from a segment that begins at {@code resumedAt}. */
    static ResumedWindow after(Measurement earlier, Instant resumedAt, String meterId) {
        return new ResumedWindow(earlier, "meter " + meterId + ": not metered from "
                + MeasurementJson.formatInstant(earlier.endedAt()) + " to " + MeasurementJson.formatInstant(resumedAt)
                + " (the agent's JVM restarted during the body, as an inbound agent does when its connection drops);"
                + " the energy of that gap is not counted");
    }

    /** The window's totals: the earlier segment's and {@code segment}'s. */
    Measurement combine(Measurement segment) {
        Map<String, DeviceMeasurement> devices = new LinkedHashMap<>();
        for (DeviceMeasurement d : earlier.devices()) {
            devices.put(key(d.device()), d);
        }
        double seconds = earlier.duration().toNanos() / 1e9 + segment.duration().toNanos() / 1e9;
        double shift = Duration.between(earlier.startedAt(), segment.startedAt()).toNanos() / 1e9;
        for (DeviceMeasurement d : segment.devices()) {
            DeviceMeasurement before = devices.get(key(d.device()));
            double joules = d.energyJoules() + (before == null ? 0 : before.energyJoules());
            double peak = Math.max(d.peakPowerWatts(), before == null ? 0 : before.peakPowerWatts());
            List<PowerSample> series = new ArrayList<>(before == null ? List.of() : before.powerSeries());
            d.powerSeries().forEach(s -> series.add(new PowerSample(s.offsetSeconds() + shift, s.powerWatts())));
            devices.put(key(d.device()), new DeviceMeasurement(d.device(), joules, d.method(),
                    seconds > 0 ? joules / seconds : 0, peak, series, true));
        }
        devices.replaceAll((k, d) -> d.partial() ? d : new DeviceMeasurement(d.device(), d.energyJoules(), d.method(),
                d.meanPowerWatts(), d.peakPowerWatts(), d.powerSeries(), true));
        List<String> warnings = new ArrayList<>(earlier.warnings());
        if (!warnings.contains(gapWarning)) {
            warnings.add(gapWarning);
        }
        segment.warnings().stream().filter(w -> !warnings.contains(w)).forEach(warnings::add);
        return new Measurement(earlier.startedAt(), segment.endedAt(), Duration.ofNanos(Math.round(seconds * 1e9)),
                new ArrayList<>(devices.values()), segment.pue(), warnings);
    }

    private static String key(DeviceId device) {
        return device.kind() + "/" + device.index() + "/" + device.uuid() + "/" + device.name();
    }
}
