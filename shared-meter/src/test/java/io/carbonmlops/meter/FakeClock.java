package io.carbonmlops.meter;

import java.time.Duration;
import java.time.Instant;

/** A meter clock that only moves when a test advances it. */
final class FakeClock implements MeterClock {
    private Instant wall = Instant.parse("2026-01-01T00:00:00Z");
    // Not zero, so code that mistakes a reading for a duration shows up.
    private long nanos = 5_000_000_000L;

    @Override
    public synchronized Instant wallTime() {
        return wall;
    }

    @Override
    public synchronized long monotonicNanos() {
        return nanos;
    }

    synchronized void advance(Duration step) {
        wall = wall.plus(step);
        nanos += step.toNanos();
    }

    void advanceSeconds(double seconds) {
        advance(Duration.ofNanos(Math.round(seconds * 1e9)));
    }
}
