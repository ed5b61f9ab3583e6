package io.carbonmlops.meter;

/**
 * Cumulative energy of a power model integrated over the meter clock's monotonic time: each step adds the mean
 * power over the step times its length. The power-sampling and estimate sources share it; each decides what the
 * step's mean power is (a trapezoid of two samples, or a utilisation model). Not thread-safe: like its source,
 * it is read by the meter's poller only.
 */
public final class EnergyIntegral {
    private static final double NANOS_PER_SECOND = 1e9;

    private long lastNanos;
    private double joules;

    /** Starts at 0 J at {@code startNanos}. */
    public EnergyIntegral(long startNanos) {
        this.lastNanos = startNanos;
    }

    /** True when {@code nowNanos} is after the last step, so a step to it would add time. */
    public boolean isAfterLastStep(long nowNanos) {
        return nowNanos - lastNanos > 0;
    }

    /**
     * Adds {@code meanPowerWatts} × the time since the last step and moves the step's end to {@code nowNanos}. A step
     * that does not move forward (two reads at one instant) adds nothing.
     *
     * @return the cumulative energy in joules
     */
    public double step(long nowNanos, double meanPowerWatts) {
        if (isAfterLastStep(nowNanos)) {
            joules += meanPowerWatts * ((nowNanos - lastNanos) / NANOS_PER_SECOND);
            lastNanos = nowNanos;
        }
        return joules;
    }

    public double joules() {
        return joules;
    }
}
