package io.carbonmlops.meter.carbon.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What to plan: work of a known duration in a zone that must have ended by a deadline.
 *
 * @param zone       grid zone key (already resolved)
 * @param duration   how long the work runs
 * @param deadline   the work must have ended by then
 * @param powerWatts the work's average draw, for kg figures; empty for intensities and percentages only
 */
public record ShiftRequest(String zone, Duration duration, Instant deadline, OptionalDouble powerWatts) {
    public ShiftRequest {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(powerWatts, "powerWatts");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("the duration must be positive, was " + duration);
        }
        if (powerWatts.isPresent() && !(powerWatts.getAsDouble() > 0 && Double.isFinite(powerWatts.getAsDouble()))) {
            throw new IllegalArgumentException("the power must be a positive number of watts, was "
                    + powerWatts.getAsDouble());
        }
    }

    /** Work that must have ended {@code within} after {@code now}. */
    public static ShiftRequest within(String zone, Duration duration, Duration within, Instant now,
            OptionalDouble powerWatts) {
        return new ShiftRequest(zone, duration, now.plus(within), powerWatts);
    }

    /** The last start that still ends by the deadline. */
    public Instant latestStart() {
        return deadline.minus(duration);
    }

    /**
     * @throws IllegalArgumentException when the deadline is past, or too close to fit the work, saying by how much
     */
    public void requireFeasibleAt(Instant now) {
        if (!deadline.isAfter(now)) {
            throw new IllegalArgumentException("the deadline " + deadline + " is already past (now " + now
                    + "): give a deadline in the future, or run the work now with 'carbon measure'");
        }
        if (latestStart().isBefore(now)) {
            throw new IllegalArgumentException("the work needs " + Durations.text(duration) + " but only "
                    + Durations.text(Duration.between(now, deadline)) + " remain before the deadline " + deadline
                    + ": extend the deadline or shorten the work");
        }
    }
}
