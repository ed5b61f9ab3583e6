package io.carbonmlops.meter;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One device's energy as a cumulative counter in joules, whatever the backend (NVML counter, integrated
 * NVML power samples, RAPL, an estimate). Backends convert their native units once, here.
 *
 * <p>Lifecycle: opened by a discovery step, polled by the meter's single poller thread (never concurrently),
 * closed once. {@link #readCumulativeJoules(long)} never decreases: counter resets (driver reload) and
 * wraparound are absorbed inside the source.
 */
public interface EnergySource extends AutoCloseable {
    DeviceId device();

    MeasurementMethod method();

    /** How often the meter should read this source (a power-sampling source wants 100 ms, a counter less). */
    Duration pollInterval();

    /**
     * Energy in joules since the source was opened.
     *
     * @param monotonicNanos the meter clock's reading for this poll, for sources that integrate power
     * @throws DeviceLostException when the device stopped answering; the meter keeps the last good reading,
     *                             marks the device partial and stops polling it
     */
    double readCumulativeJoules(long monotonicNanos) throws DeviceLostException;

    /**
     * Things that happened to this source since it was opened and that a measurement should mention, each naming
     * the device (say a driver reload that restarted an energy counter). None by default.
     */
    default List<String> warnings() {
        return List.of();
    }

    /**
     * The device's own counter as of the last {@link #readCumulativeJoules} (a hardware counter keeps counting when
     * nobody reads it, so another process can count on from here); empty for sampled and estimated sources.
     */
    default Optional<CounterMark> mark() {
        return Optional.empty();
    }

    /** Releases native resources. Must not throw. */
    @Override
    void close();
}
