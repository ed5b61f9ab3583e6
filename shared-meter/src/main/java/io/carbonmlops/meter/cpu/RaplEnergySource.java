package io.carbonmlops.meter.cpu;

import io.carbonmlops.meter.CounterMark;
import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceLostException;
import io.carbonmlops.meter.FileEnergySource;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.TextFileReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A RAPL zone's {@code energy_uj} counter as cumulative joules, wraparound included.
 *
 * <p>The counter wraps to 0 after {@code max_energy_range_uj}; a reading below the previous one is taken as one
 * wrap. That is only right if the meter reads more often than the counter can wrap, so
 * {@link #pollIntervalFor(long)} derives the interval from the range and a deliberately high power bound.
 * Microjoules are summed exactly in a {@code long} and converted to joules only on the way out.
 */
public final class RaplEnergySource extends FileEnergySource {
    /** Above any current CPU package or DRAM domain (largest server packages draw ~500 W). */
    static final double MAX_PLAUSIBLE_WATTS = CounterMark.MAX_PLAUSIBLE_WATTS;
    /**
     * Window energy is exact at any rate (edges are read synchronously), so periodic reads only serve wraparound,
     * the power series and the peak. Every poller wake-up costs ~0.1-0.5 ms of CPU while the poller's code is
     * still interpreted, so 5 s keeps the meter under its overhead goal (docs/meter.md, "Overhead").
     */
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);
    private static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(10);

    private final long maxEnergyRangeMicrojoules;
    private long lastRawMicrojoules;
    private long totalMicrojoules;

    /**
     * @param initialRawMicrojoules the counter as read by discovery; energy is counted from there
     */
    public RaplEnergySource(DeviceId device, RaplZone zone, long initialRawMicrojoules, TextFileReader reader) {
        super(device, MeasurementMethod.RAPL, pollIntervalFor(zone.maxEnergyRangeMicrojoules()), zone.energyFile(),
                reader);
        this.maxEnergyRangeMicrojoules = zone.maxEnergyRangeMicrojoules();
        this.lastRawMicrojoules = initialRawMicrojoules;
    }

    /**
     * Half the shortest time the counter could take to wrap at {@link #MAX_PLAUSIBLE_WATTS}, at most
     * {@link #DEFAULT_POLL_INTERVAL}: 5 s for every range seen in practice (Intel ~262 kJ, AMD ~65 kJ).
     */
    static Duration pollIntervalFor(long maxEnergyRangeMicrojoules) {
        double wrapSafeSeconds = maxEnergyRangeMicrojoules / 1e6 / MAX_PLAUSIBLE_WATTS / 2;
        Duration wrapSafe = Duration.ofNanos((long) (wrapSafeSeconds * 1e9));
        if (wrapSafe.compareTo(MIN_POLL_INTERVAL) < 0) {
            return MIN_POLL_INTERVAL;
        }
        return wrapSafe.compareTo(DEFAULT_POLL_INTERVAL) < 0 ? wrapSafe : DEFAULT_POLL_INTERVAL;
    }

    /** Reads and parses an {@code energy_uj} file. */
    static long readMicrojoules(Path energyFile, TextFileReader reader) throws IOException {
        return read(energyFile, reader, RaplEnergySource::parseMicrojoules);
    }

    private static long parseMicrojoules(String text, Path energyFile) throws IOException {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IOException(energyFile + " holds '" + text.trim() + "', not a number of microjoules", e);
        }
    }

    @Override
    public double readCumulativeJoules(long monotonicNanos) throws DeviceLostException {
        long raw = readNow(RaplEnergySource::parseMicrojoules);
        totalMicrojoules += deltaMicrojoules(lastRawMicrojoules, raw, maxEnergyRangeMicrojoules);
        lastRawMicrojoules = raw;
        return totalMicrojoules / 1e6;
    }

    @Override
    public Optional<CounterMark> mark() {
        return Optional.of(new CounterMark(device(), method(), lastRawMicrojoules / 1e6, maxEnergyRangeMicrojoules / 1e6));
    }

    /** Energy between two readings, one wrap assumed when the counter went down. */
    static long deltaMicrojoules(long previous, long current, long maxEnergyRangeMicrojoules) {
        return current >= previous ? current - previous : (maxEnergyRangeMicrojoules - previous) + current;
    }
}
