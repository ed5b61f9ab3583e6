package io.carbonmlops.meter.carbon.schedule;

import io.carbonmlops.meter.carbon.IntensityReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The Green Software Foundation Carbon Aware SDK's rolling-window search: for every window of the work's duration
 * that the figures cover completely, the time-weighted average intensity; the best is the lowest average, the
 * earliest among ties. Window starts are the interval boundaries (the SDK's tick), and also the decision time and the
 * latest start, and every boundary minus the duration, so that a window ending on a boundary is tried when the
 * decision time falls mid-interval: the average is piecewise linear in the start, so its minimum lies on one of these.
 * A window with a gap in the figures is not compared (never filled with a guess).
 */
public final class WindowSearch {
    /** Averages closer than this (g/kWh) count as tied; the earlier window wins. */
    static final double TIE_GRAMS_PER_KWH = 1e-9;

    private WindowSearch() {}

    /**
     * @param points        oldest first
     * @param earliestStart the decision time
     * @param latestEnd     the deadline by which the work must have ended
     * @return every fully covered window, earliest first
     */
    public static List<Window> windows(List<IntensityReading> points, Instant earliestStart, Instant latestEnd,
            Duration duration) {
        List<IntensityReading> intervals = nonOverlapping(points);
        Instant latestStart = latestEnd.minus(duration);
        TreeSet<Instant> starts = new TreeSet<>();
        starts.add(earliestStart);
        starts.add(latestStart);
        for (IntensityReading point : intervals) {
            for (Instant boundary : List.of(point.from(), point.to())) {
                starts.add(boundary);
                starts.add(boundary.minus(duration));
            }
        }
        List<Window> windows = new ArrayList<>();
        for (Instant start : starts.subSet(earliestStart, true, latestStart, true)) {
            double average = average(intervals, start, start.plus(duration));
            if (!Double.isNaN(average)) {
                windows.add(new Window(start, start.plus(duration), average));
            }
        }
        return windows;
    }

    /** The lowest-average window, the earliest among ties; null when there is none. */
    public static Window best(List<Window> windows) {
        Window best = null;
        for (Window window : windows) {
            if (best == null || window.averageGramsPerKwh() < best.averageGramsPerKwh() - TIE_GRAMS_PER_KWH) {
                best = window;
            }
        }
        return best;
    }

    /** Sorted by start; an interval that starts before the previous one ends is dropped (a repeated period). */
    static List<IntensityReading> nonOverlapping(List<IntensityReading> points) {
        List<IntensityReading> sorted = new ArrayList<>(points);
        sorted.sort(java.util.Comparator.comparing(IntensityReading::from));
        List<IntensityReading> kept = new ArrayList<>();
        for (IntensityReading point : sorted) {
            if (kept.isEmpty() || !point.from().isBefore(kept.get(kept.size() - 1).to())) {
                kept.add(point);
            }
        }
        return kept;
    }

    /** Time-weighted mean over [start, end), or NaN when the points leave part of it uncovered. */
    static double average(List<IntensityReading> points, Instant start, Instant end) {
        double weighted = 0;
        long coveredNanos = 0;
        for (IntensityReading point : points) {
            Instant from = point.from().isAfter(start) ? point.from() : start;
            Instant to = point.to().isBefore(end) ? point.to() : end;
            if (to.isAfter(from)) {
                long nanos = Duration.between(from, to).toNanos();
                weighted += point.gramsPerKwh() * nanos;
                coveredNanos += nanos;
            }
        }
        long wanted = Duration.between(start, end).toNanos();
        return coveredNanos == wanted && wanted > 0 ? weighted / wanted : Double.NaN;
    }
}
