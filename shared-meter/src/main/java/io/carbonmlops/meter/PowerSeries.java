package io.carbonmlops.meter;

import java.util.ArrayList;
import java.util.List;

/**
 * A power time series of bounded size, built from successive energy readings of one device.
 *
 * <p>Each point is a step: the energy drawn between the previous point's end (or the window start) and this
 * point's end. When the series is full, adjacent steps are merged pairwise (their energies added), and later
 * steps are accumulated until they are at least as wide as the merged ones. Merging only adds energies, so the
 * series always integrates to the energy it was given, however long the window. Not thread-safe: the meter
 * guards it with its lock.
 */
final class PowerSeries {
    static final int DEFAULT_MAX_POINTS = 1000;

    private final int maxPoints;
    private final long[] endOffsetNanos;
    private final double[] energyJoules;
    private int size;
    /** Narrowest step accepted as a new point; grows with every merge so the series stays evenly spread. */
    private long minStepNanos;

    PowerSeries(int maxPoints) {
        if (maxPoints < 2 || maxPoints % 2 != 0) {
            throw new IllegalArgumentException("maxPoints must be even and >= 2, was " + maxPoints);
        }
        this.maxPoints = maxPoints;
        this.endOffsetNanos = new long[maxPoints];
        this.energyJoules = new double[maxPoints];
    }

    /**
     * Adds the energy drawn up to {@code endOffsetNanos} (from the window start) since the previous step.
     *
     * @throws IllegalArgumentException when the step does not end after the previous one
     */
    void add(long stepEndOffsetNanos, double stepEnergyJoules) {
        if (stepEndOffsetNanos <= lastEndNanos()) {
            throw new IllegalArgumentException("power series steps must advance in time: " + stepEndOffsetNanos
                    + " ns after " + lastEndNanos() + " ns");
        }
        if (size > 0 && widthNanos(size - 1) < minStepNanos) {
            endOffsetNanos[size - 1] = stepEndOffsetNanos;
            energyJoules[size - 1] += stepEnergyJoules;
            return;
        }
        endOffsetNanos[size] = stepEndOffsetNanos;
        energyJoules[size] = stepEnergyJoules;
        size++;
        if (size == maxPoints) {
            mergePairs();
        }
    }

    int size() {
        return size;
    }

    /** The steps as mean power over each, offsets in seconds from the window start. */
    List<PowerSample> samples() {
        List<PowerSample> samples = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            double widthSeconds = widthNanos(i) / 1e9;
            samples.add(new PowerSample(endOffsetNanos[i] / 1e9, energyJoules[i] / widthSeconds));
        }
        return samples;
    }

    private void mergePairs() {
        int merged = size / 2;
        for (int i = 0; i < merged; i++) {
            endOffsetNanos[i] = endOffsetNanos[2 * i + 1];
            energyJoules[i] = energyJoules[2 * i] + energyJoules[2 * i + 1];
        }
        size = merged;
        minStepNanos = endOffsetNanos[size - 1] / size;
    }

    private long widthNanos(int i) {
        return endOffsetNanos[i] - (i == 0 ? 0 : endOffsetNanos[i - 1]);
    }

    private long lastEndNanos() {
        return size == 0 ? 0 : endOffsetNanos[size - 1];
    }
}
