package io.carbonmlops.meter.carbon.schedule;

import java.util.Locale;

/**
 * Where the figures a start time was chosen on came from, strongest basis first (the order
 * {@link ShiftDecision#weakerThan} compares). The spelling in output is {@link #label()}.
 */
public enum ForecastMethod {
    /** A grid API's own forecast (Electricity Maps, WattTime, GB Carbon Intensity). */
    PROVIDER_FORECAST("the provider's forecast"),
    /**
     * No forecast was available: each future interval takes the mean of the same hour of the last days the provider's
     * history covers. A stated estimate, not a forecast.
     */
    HISTORY_SAME_HOURS("not a forecast: the mean of the same hour over the last days of measured history"),
    /**
     * Neither a forecast nor per-interval history: only one flat figure (a yearly average, or the current reading).
     * There is no basis for shifting, so the plan is to run now.
     */
    NONE("no forecast and no history: one flat figure, no basis for shifting");

    private final String description;

    ForecastMethod(String description) {
        this.description = description;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** One sentence for people: what the figures are. */
    public String description() {
        return description;
    }
}
