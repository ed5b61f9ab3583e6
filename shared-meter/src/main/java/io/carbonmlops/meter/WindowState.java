package io.carbonmlops.meter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One open measurement window: the cumulative reading of every track at its start, and per track the peak
 * power and power series of the readings taken since. Guarded by the meter's lock.
 */
final class WindowState {
    private final String id;
    private final Instant startedAt;
    private final long startNanos;
    private final List<TrackWindow> perTrack;
    private final List<CounterMark> startMarks;

    WindowState(String id, Instant startedAt, long startNanos, List<DeviceTrack> tracks, int maxSeriesPoints,
            List<CounterMark> startMarks) {
        this.id = id;
        this.startMarks = List.copyOf(startMarks);
        this.startedAt = startedAt;
        this.startNanos = startNanos;
        this.perTrack = new ArrayList<>(tracks.size());
        for (DeviceTrack track : tracks) {
            perTrack.add(new TrackWindow(track, maxSeriesPoints));
        }
    }

    String id() {
        return id;
    }

    Instant startedAt() {
        return startedAt;
    }

    long startNanos() {
        return startNanos;
    }

    /** The counters' marks read when the window began. */
    List<CounterMark> startMarks() {
        return startMarks;
    }

    /** Feeds the track's newest reading to this window (called after every successful read). */
    void onReading(int trackIndex) {
        perTrack.get(trackIndex).onReading(startNanos);
    }

    /** The device measurements as of the tracks' latest readings, in track order. */
    List<DeviceMeasurement> deviceMeasurements(long endNanos) {
        double durationSeconds = (endNanos - startNanos) / 1e9;
        List<DeviceMeasurement> devices = new ArrayList<>(perTrack.size());
        for (TrackWindow trackWindow : perTrack) {
            devices.add(trackWindow.measurement(durationSeconds));
        }
        return devices;
    }

    /**
     * What the sources reported during this window (say a driver reload), then a warning for every device lost
     * before or during it.
     */
    List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        for (TrackWindow trackWindow : perTrack) {
            warnings.addAll(trackWindow.sourceWarningsSinceStart());
        }
        for (TrackWindow trackWindow : perTrack) {
            String warning = trackWindow.lossWarning(startNanos);
            if (warning != null) {
                warnings.add(warning);
            }
        }
        return warnings;
    }

    /**
     * One device's share of a window.
     *
     * <p>Peak power is the highest mean power over spans of at least half the device's poll interval. Shorter
     * spans occur at window edges (an edge read just after a poll) and mostly measure the counter's update
     * granularity (RAPL about 1 ms, the NVML counter about 100 ms), not the device.
     */
    private static final class TrackWindow {
        private final DeviceTrack track;
        private final boolean lostBeforeStart;
        private final double beginJoules;
        private final int sourceWarningsAtStart;
        private final PowerSeries series;
        private final long peakSpanNanos;
        private double lastJoules;
        private long lastNanos;
        private double peakWatts;
        private double peakSpanJoules;
        private long peakSpanElapsedNanos;

        TrackWindow(DeviceTrack track, int maxSeriesPoints) {
            this.track = track;
            this.lostBeforeStart = track.isLost();
            this.beginJoules = track.cumulativeJoules();
            this.sourceWarningsAtStart = track.source().warnings().size();
            this.peakSpanNanos = track.pollIntervalNanos() / 2;
            this.lastJoules = beginJoules;
            this.lastNanos = track.lastReadNanos();
            this.series = new PowerSeries(maxSeriesPoints);
        }

        void onReading(long windowStartNanos) {
            long readNanos = track.lastReadNanos();
            // Two readings at the same instant (possible with a coarse or fake clock) carry their energy
            // into the next step instead of making an infinite power.
            if (readNanos - lastNanos <= 0) {
                return;
            }
            double stepJoules = track.cumulativeJoules() - lastJoules;
            peakSpanJoules += stepJoules;
            peakSpanElapsedNanos += readNanos - lastNanos;
            if (peakSpanElapsedNanos >= peakSpanNanos) {
                peakWatts = Math.max(peakWatts, peakSpanJoules / (peakSpanElapsedNanos / 1e9));
                peakSpanJoules = 0;
                peakSpanElapsedNanos = 0;
            }
            series.add(readNanos - windowStartNanos, stepJoules);
            lastJoules = track.cumulativeJoules();
            lastNanos = readNanos;
        }

        DeviceMeasurement measurement(double durationSeconds) {
            double energyJoules = Math.max(0, track.cumulativeJoules() - beginJoules);
            double meanWatts = durationSeconds > 0 ? energyJoules / durationSeconds : 0;
            return new DeviceMeasurement(track.device(), energyJoules, track.source().method(), meanWatts,
                    Math.max(peakWatts, meanWatts), series.samples(), track.isLost());
        }

        List<String> sourceWarningsSinceStart() {
            List<String> all = track.source().warnings();
            return all.size() > sourceWarningsAtStart ? all.subList(sourceWarningsAtStart, all.size()) : List.of();
        }

        String lossWarning(long windowStartNanos) {
            if (!track.isLost()) {
                return null;
            }
            String device = track.device().describe();
            if (lostBeforeStart) {
                return device + ": stopped answering before this window began (" + track.lostCause()
                        + "); its energy is not included";
            }
            double lastGoodSeconds = Math.max(0, track.lastReadNanos() - windowStartNanos) / 1e9;
            return String.format(Locale.ROOT,
                    "%s: stopped answering during this window (%s); energy up to its last good reading, %.1f s into"
                            + " the window, is reported (partial)", device, track.lostCause(), lastGoodSeconds);
        }
    }
}
