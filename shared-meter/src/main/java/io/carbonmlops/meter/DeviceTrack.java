package io.carbonmlops.meter;

import java.time.Duration;

/**
 * The meter's view of one {@link EnergySource}: its last good cumulative reading, when it is next due, and
 * whether it was lost. Only the meter touches it, under the meter's lock, so the source is never read
 * concurrently.
 */
final class DeviceTrack {
    /**
     * An estimate's polls only add points to the power series (window edges read every source), so the longer the
     * meter has run, the rarer they get: every {@code age / 5}, never more often than the source asks and never
     * rarer than once a minute. A 10-minute run still gets about 20 points, an hour about 70, at a fraction of the
     * wake-ups (docs/benchmarks.md, "Meter overhead").
     */
    static final long ESTIMATE_AGE_DIVISOR = 5;
    static final long MAX_ESTIMATE_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

    private final EnergySource source;
    private final long pollIntervalNanos;
    private final long openedNanos;
    private final boolean stretches;
    private double cumulativeJoules;
    private long lastReadNanos;
    private long nextPollNanos;
    private String lostCause;

    DeviceTrack(EnergySource source, long nowNanos) {
        this.source = source;
        this.pollIntervalNanos = positiveNanos(source);
        this.openedNanos = nowNanos;
        this.stretches = source.method().isEstimate();
        this.lastReadNanos = nowNanos;
        this.nextPollNanos = nowNanos;
    }

    EnergySource source() {
        return source;
    }

    DeviceId device() {
        return source.device();
    }

    /**
     * Reads the source now, unless it was lost. On {@link DeviceLostException}, or any unexpected failure (a
     * runtime exception, or an {@link Error} such as JNA's "Invalid memory access" or an {@link LinkageError} from a
     * native library), which must not kill the poller, the track keeps its last good reading and stops reading.
     * Only {@link VirtualMachineError}s (out of memory) propagate.
     *
     * @return true when a new reading was taken
     */
    boolean read(long nowNanos) {
        if (isLost()) {
            return false;
        }
        nextPollNanos = nowNanos + intervalNanos(nowNanos);
        try {
            double joules = source.readCumulativeJoules(nowNanos);
            // The source contract says the counter never decreases; clamp so a faulty one cannot produce negative energy.
            cumulativeJoules = Math.max(cumulativeJoules, joules);
            lastReadNanos = nowNanos;
            return true;
        } catch (DeviceLostException e) {
            lostCause = e.getMessage();
        } catch (RuntimeException | VirtualMachineError e) {
            if (e instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            lostCause = "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (Error e) {
            lostCause = "unexpected " + e.getClass().getSimpleName() + " from the device library: " + e.getMessage();
        }
        return false;
    }

    boolean isDue(long nowNanos) {
        return !isLost() && nowNanos - nextPollNanos >= 0;
    }

    /** Nanoseconds until this track is due, or {@code Long.MAX_VALUE} when it is no longer polled. */
    long nanosUntilDue(long nowNanos) {
        return isLost() ? Long.MAX_VALUE : Math.max(0, nextPollNanos - nowNanos);
    }

    long pollIntervalNanos() {
        return pollIntervalNanos;
    }

    /** The time to the next poll after a read at {@code nowNanos}: the source's interval, stretched for estimates. */
    long intervalNanos(long nowNanos) {
        if (!stretches) {
            return pollIntervalNanos;
        }
        long stretched = Math.min(MAX_ESTIMATE_INTERVAL_NANOS, (nowNanos - openedNanos) / ESTIMATE_AGE_DIVISOR);
        return Math.max(pollIntervalNanos, stretched);
    }

    double cumulativeJoules() {
        return cumulativeJoules;
    }

    /** Monotonic time of the last good reading. */
    long lastReadNanos() {
        return lastReadNanos;
    }

    boolean isLost() {
        return lostCause != null;
    }

    /** Why the device stopped answering; {@code null} while it answers. */
    String lostCause() {
        return lostCause;
    }

    void close() {
        try {
            source.close();
        } catch (RuntimeException e) {
            // A source must not throw from close(); a faulty one must not stop the others from closing.
        }
    }

    private static long positiveNanos(EnergySource source) {
        Duration interval = source.pollInterval();
        long nanos = interval.toNanos();
        if (nanos <= 0) {
            throw new IllegalArgumentException("poll interval of " + source.device().describe()
                    + " must be positive, was " + interval);
        }
        return nanos;
    }
}
