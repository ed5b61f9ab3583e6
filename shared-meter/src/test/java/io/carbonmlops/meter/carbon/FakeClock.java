package io.carbonmlops.meter.carbon;

import io.carbonmlops.meter.MeterClock;
import java.time.Duration;
import java.time.Instant;

/** A clock tests advance by hand. */
public final class FakeClock implements MeterClock {
    private Instant now;
    private long nanos;

    public FakeClock(Instant start) {
        this.now = start;
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
        nanos += duration.toNanos();
    }

    @Override
    public synchronized Instant wallTime() {
        return now;
    }

    @Override
    public synchronized long monotonicNanos() {
        return nanos;
    }
}
