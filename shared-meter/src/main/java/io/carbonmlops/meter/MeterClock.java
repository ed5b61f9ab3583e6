package io.carbonmlops.meter;

import java.time.Instant;

/**
 * Time as the meter sees it: wall time for timestamps only, monotonic nanoseconds for durations only.
 * Tests inject a fake that they advance by hand instead of sleeping.
 */
public interface MeterClock {
    Instant wallTime();

    long monotonicNanos();

    MeterClock SYSTEM = new MeterClock() {
        @Override
        public Instant wallTime() {
            return Instant.now();
        }

        @Override
        public long monotonicNanos() {
            return System.nanoTime();
        }
    };
}
