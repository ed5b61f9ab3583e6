package io.carbonmlops.meter.carbon.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A start time chosen for some work, and everything needed to judge it later: the figures it was chosen on, the
 * run-now counterfactual, and the expected saving. Immutable; {@link ShiftDecisionJson} writes it.
 *
 * @param request               what was planned
 * @param decidedAt             when
 * @param chosenStart           the start with the lowest expected intensity ({@code decidedAt} for run now)
 * @param expectedGramsPerKwh   time-weighted mean intensity over the chosen window; empty when no window could be
 *                              compared
 * @param runNowGramsPerKwh     the same for a start at {@code decidedAt}; empty when the figures do not cover it
 * @param windowsCompared       how many fully covered windows were compared
 * @param forecast              the figures, with what they are
 * @param reason                one sentence: why this start
 */
public record ShiftDecision(ShiftRequest request, Instant decidedAt, Instant chosenStart,
        OptionalDouble expectedGramsPerKwh, OptionalDouble runNowGramsPerKwh, int windowsCompared,
        CarbonForecast forecast, String reason) {

    private static final double GRAMS_PER_KG = 1000.0;

    public ShiftDecision {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(chosenStart, "chosenStart");
        Objects.requireNonNull(expectedGramsPerKwh, "expectedGramsPerKwh");
        Objects.requireNonNull(runNowGramsPerKwh, "runNowGramsPerKwh");
        Objects.requireNonNull(forecast, "forecast");
        Objects.requireNonNull(reason, "reason");
        if (chosenStart.isBefore(decidedAt) || chosenStart.isAfter(request.latestStart())) {
            throw new IllegalArgumentException("chosen start " + chosenStart + " lies outside [" + decidedAt + ", "
                    + request.latestStart() + "]");
        }
    }

    public boolean runNow() {
        return chosenStart.equals(decidedAt);
    }

    public Duration waitTime() {
        return Duration.between(decidedAt, chosenStart);
    }

    public Instant chosenEnd() {
        return chosenStart.plus(request.duration());
    }

    /** {@code (run-now − expected) / run-now × 100}, when both are known and run-now is above zero. */
    public OptionalDouble expectedSavingPercent() {
        if (expectedGramsPerKwh.isEmpty() || runNowGramsPerKwh.isEmpty() || !(runNowGramsPerKwh.getAsDouble() > 0)) {
            return OptionalDouble.empty();
        }
        double now = runNowGramsPerKwh.getAsDouble();
        return OptionalDouble.of((now - expectedGramsPerKwh.getAsDouble()) / now * 100.0);
    }

    /** Energy at the stated power over the duration, kWh; empty without a power. */
    public OptionalDouble energyKwh() {
        return request.powerWatts().isPresent()
                ? OptionalDouble.of(request.powerWatts().getAsDouble() * request.duration().toNanos() / 3.6e15)
                : OptionalDouble.empty();
    }

    public OptionalDouble expectedCo2eKg() {
        return kg(expectedGramsPerKwh);
    }

    public OptionalDouble runNowCo2eKg() {
        return kg(runNowGramsPerKwh);
    }

    public OptionalDouble expectedSavedKg() {
        OptionalDouble now = runNowCo2eKg();
        OptionalDouble chosen = expectedCo2eKg();
        return now.isPresent() && chosen.isPresent() ? OptionalDouble.of(now.getAsDouble() - chosen.getAsDouble())
                : OptionalDouble.empty();
    }

    private OptionalDouble kg(OptionalDouble gramsPerKwh) {
        OptionalDouble kwh = energyKwh();
        return kwh.isPresent() && gramsPerKwh.isPresent()
                ? OptionalDouble.of(kwh.getAsDouble() * gramsPerKwh.getAsDouble() / GRAMS_PER_KG)
                : OptionalDouble.empty();
    }

    /**
     * True when this decision rests on less than {@code other}: figures of a weaker method (history for a forecast,
     * one flat figure for either) or no whole window compared where {@code other} compared some. A wait that follows
     * {@code other} keeps it when a re-check comes back weaker: a provider outage during the wait must not turn a
     * planned green window into "run now".
     */
    public boolean weakerThan(ShiftDecision other) {
        if (forecast.method().ordinal() != other.forecast.method().ordinal()) {
            return forecast.method().ordinal() > other.forecast.method().ordinal(); // declared strongest first
        }
        return expectedGramsPerKwh.isEmpty() && other.expectedGramsPerKwh.isPresent();
    }

    /** Warnings for people: estimates that are not forecasts, skipped providers, marginal signals. */
    public List<String> warnings() {
        List<String> warnings = new java.util.ArrayList<>();
        if (forecast.method() != ForecastMethod.PROVIDER_FORECAST) {
            warnings.add("no provider forecast: " + forecast.method().description());
        }
        forecast.fallbacks().forEach(f -> warnings.add("forecast: fell back past " + f.describe()));
        if (forecast.provider().equals("watttime")) {
            warnings.add("WattTime figures are marginal rates (MOER); do not compare them with average intensities");
        }
        return warnings;
    }
}
