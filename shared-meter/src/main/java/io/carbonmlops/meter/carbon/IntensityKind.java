package io.carbonmlops.meter.carbon;

import java.util.Locale;

/** What kind of figure a carbon intensity is. The JSON spelling is {@link #label()}. */
public enum IntensityKind {
    /** Reported by a grid API for a past or the current interval (it may itself be the API's estimate). */
    MEASURED,
    /** A grid API's forecast for the interval. */
    FORECAST,
    /** A yearly average from the shipped table. */
    YEARLY_AVERAGE,
    /** The world average from the shipped table: the last fallback. */
    WORLD_AVERAGE,
    /**
     * Not a forecast: the scheduler's estimate for a future interval from the same hour of earlier days, used only
     * to choose a start time where no provider forecast exists. Never used to account for CO2e.
     */
    HISTORY_PROFILE;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** True for figures that hold for one interval of a day, as opposed to a yearly average. */
    public boolean isPerInterval() {
        return this == MEASURED || this == FORECAST;
    }
}
