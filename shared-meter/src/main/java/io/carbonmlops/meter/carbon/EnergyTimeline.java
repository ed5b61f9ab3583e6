package io.carbonmlops.meter.carbon;

import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.PowerSample;
import java.time.Duration;
import java.util.List;

/**
 * Spreads a measurement's energy over intensity intervals, using each device's power series for the shape and its
 * measured energy for the total (so the split never changes the energy reported). A device without a series is
 * taken to draw evenly over the window.
 *
 * <p>Interval i is taken to run from its start to the next interval's start; the first also covers any time before
 * it and the last any time after it, so gaps in a provider's data take the preceding figure (and are reported).
 */
final class EnergyTimeline {
    private EnergyTimeline() {}

    /**
     * IT energy in joules drawn during each interval, in the readings' order.
     *
     * @param readings oldest first, at least one
     */
    static double[] joulesPerInterval(Measurement measurement, List<IntensityReading> readings) {
        double[] boundarySeconds = new double[readings.size() - 1];
        for (int i = 1; i < readings.size(); i++) {
            boundarySeconds[i - 1] = seconds(Duration.between(measurement.startedAt(), readings.get(i).from()));
        }
        double[] joules = new double[readings.size()];
        double windowSeconds = measurement.durationSeconds();
        for (DeviceMeasurement device : measurement.devices()) {
            if (device.energyJoules() > 0) {
                spread(device, windowSeconds, boundarySeconds, joules);
            }
        }
        return joules;
    }

    private static void spread(DeviceMeasurement device, double windowSeconds, double[] boundaries, double[] out) {
        List<PowerSample> series = device.powerSeries();
        double seriesJoules = 0;
        double previous = 0;
        for (PowerSample sample : series) {
            seriesJoules += sample.powerWatts() * Math.max(0, sample.offsetSeconds() - previous);
            previous = sample.offsetSeconds();
        }
        if (!(seriesJoules > 0)) {
            addStep(0, Math.max(windowSeconds, Double.MIN_NORMAL), device.energyJoules(), boundaries, out, 0);
            return;
        }
        double scale = device.energyJoules() / seriesJoules;
        int interval = 0;
        previous = 0;
        for (PowerSample sample : series) {
            double end = sample.offsetSeconds();
            if (end > previous) {
                interval = addStep(previous, end, sample.powerWatts() * (end - previous) * scale, boundaries, out,
                        interval);
                previous = end;
            }
        }
    }

    /** Adds one step's energy to the intervals it overlaps, pro rata by time; returns the interval its end lies in. */
    private static int addStep(double start, double end, double joules, double[] boundaries, double[] out, int from) {
        int interval = from;
        while (interval < boundaries.length && boundaries[interval] <= start) {
            interval++;
        }
        double cursor = start;
        double width = end - start;
        while (interval < boundaries.length && boundaries[interval] < end) {
            out[interval] += joules * (boundaries[interval] - cursor) / width;
            cursor = boundaries[interval];
            interval++;
        }
        out[interval] += joules * (end - cursor) / width;
        return interval;
    }

    private static double seconds(Duration duration) {
        return duration.getSeconds() + duration.getNano() / 1e9;
    }
}
