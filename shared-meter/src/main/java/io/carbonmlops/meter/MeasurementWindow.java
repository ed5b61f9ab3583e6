package io.carbonmlops.meter;

import java.time.Instant;

/**
 * A handle on one open window of an {@link EnergyMeter}. Thread-safe; {@link #stop()} may be called once.
 */
public final class MeasurementWindow {
    private final EnergyMeter meter;
    private final String id;
    private final Instant startedAt;

    MeasurementWindow(EnergyMeter meter, String id, Instant startedAt) {
        this.meter = meter;
        this.id = id;
        this.startedAt = startedAt;
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
        return meter.snapshot(id);
    }

    /**
     * Ends the window and returns its measurement ({@link EnergyMeter#end(String)}).
     *
     * @throws IllegalArgumentException when the window was already stopped
     */
    public Measurement stop() {
        return meter.end(id);
    }
}
