package io.carbonmlops.meter.carbon;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the chain found: the readings of the first provider that answered, and every provider skipped on the way.
 *
 * @param readings  oldest first; never empty
 * @param provider  the provider that answered
 * @param fallbacks providers skipped before it, in chain order
 * @param cacheHit  true when the readings came from the chain's cache
 */
public record IntensityResult(List<IntensityReading> readings, String provider, List<Fallback> fallbacks,
        boolean cacheHit) {

    public IntensityResult {
        readings = List.copyOf(readings);
        Objects.requireNonNull(provider, "provider");
        fallbacks = List.copyOf(fallbacks);
        if (readings.isEmpty()) {
            throw new IllegalArgumentException("a result holds at least one reading");
        }
    }

    public IntensityReading first() {
        return readings.get(0);
    }

    /** The fallbacks as one line ({@code null} when the first provider answered): the JSON {@code fallback_reason}. */
    public String fallbackReason() {
        return fallbacks.isEmpty() ? null
                : fallbacks.stream().map(Fallback::describe).collect(Collectors.joining("; "));
    }

    /** One warning per fallback, for the output's warnings list. */
    public List<String> warnings() {
        return fallbacks.stream().map(f -> "carbon intensity: fell back past " + f.describe()).toList();
    }
}
