package io.carbonmlops.meter;

import java.util.List;
import java.util.Objects;

/**
 * A window's measurement so far and the device counters' marks read at the same instant: what a journal keeps so
 * that a window resumed in another process can count the energy of the time in between ({@link WindowContinuation}).
 */
public record MarkedMeasurement(Measurement measurement, List<CounterMark> marks) {
    public MarkedMeasurement {
        Objects.requireNonNull(measurement, "measurement");
        marks = List.copyOf(marks);
    }
}
