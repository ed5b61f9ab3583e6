package io.carbonmlops.meter.carbon;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A source of grid carbon intensity: the shipped table or a live grid API.
 *
 * <p>Implementations convert to g/kWh once, set connect and response timeouts on every call, and throw
 * {@link ProviderException} with a {@link FallbackReason} for every failure (HTTP status, timeout, malformed
 * body, unknown zone), never an unchecked exception for a remote failure. They are thread-safe.
 */
public interface CarbonIntensityProvider extends AutoCloseable {
    /** Name in chain specs and provenance: {@code electricitymaps}, {@code watttime}, {@code uk}, {@code table}. */
    String name();

    /** The figure for the current interval. */
    IntensityReading latest(String zone) throws ProviderException;

    /**
     * Figures for the intervals overlapping [start, end), oldest first. A provider without per-interval data
     * returns its one figure (kind yearly-average or world-average) for the interval it holds for.
     */
    List<IntensityReading> range(String zone, Instant start, Instant end) throws ProviderException;

    /** Forecast figures from now over the horizon, oldest first. */
    List<IntensityReading> forecast(String zone, Duration horizon) throws ProviderException;

    /** Releases HTTP connections; the table has none. Must not throw. */
    @Override
    default void close() {}
}
