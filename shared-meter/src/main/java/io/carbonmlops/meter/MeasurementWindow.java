package io.carbonmlops.meter;

import java.time.Instant;
import java.util.List;

/**
 * A handle on one open window of an {@link EnergyMeter}. Thread-safe; {@link #stop()} may be called once.
 */
public final class MeasurementWindow {
    private final EnergyMeter meter;
    private final String id;
    private final Instant startedAt;
    /** Identifies this window among windows that reuse its id after it stopped. */
    private final Object token;

    MeasurementWindow(EnergyMeter meter, String id, Instant startedAt, Object token) {
        this.meter = meter;
        this.id = id;
        this.startedAt = startedAt;
        this.token = token;
    }

    public String id() {
        return id;
    }

    /** Wall-clock start of the window. */
    public Instant startedAt() {
        return startedAt;
    }

    /** The measurement from the start until now; the window stays open. */
    public Measurement snapshot() {
        return meter.snapshot(id, token);
    }

    /** As {@link #snapshot()}, with the device counters' marks of the same reading (for a journal). */
    public MarkedMeasurement markedSnapshot() {
        return meter.markedSnapshot(id, token);
    }

    /**
     * The device counters' marks read when the window began: with an earlier window's last marks they give the
     * energy of the time between the two ({@link WindowContinuation}).
     */
    public List<CounterMark> startMarks() {
        return meter.startMarks(id, token);
    }

    /**
     * Ends the window and returns its measurement ({@link EnergyMeter#end(String)}).
     *
     * @throws IllegalArgumentException when this window was already stopped (even if a new window reuses its id)
     */
    public Measurement stop() {
        return meter.end(id, token);
    }
}
