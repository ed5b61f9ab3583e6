package io.carbonmlops.jenkins.schedule;

import io.carbonmlops.meter.carbon.ResolvedZone;
import io.carbonmlops.meter.carbon.ZoneResolver;
import io.carbonmlops.meter.carbon.schedule.Durations;
import io.carbonmlops.meter.carbon.schedule.ForecastProvider;
import io.carbonmlops.meter.carbon.schedule.ShiftDecision;
import io.carbonmlops.meter.carbon.schedule.ShiftPlanner;
import io.carbonmlops.meter.carbon.schedule.ShiftRequest;
import io.carbonmlops.meter.carbon.schedule.ShiftSection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What {@code waitForLowCarbon(zone:, duration:, within:, maxIntensity:)} decides, free of Jenkins: the start before
 * the deadline whose forecast intensity over the work's duration is lowest ({@link ShiftPlanner}, the Carbon Aware
 * SDK's rolling window, with its stated fallbacks when there is no forecast); with {@code maxIntensity}, running now
 * whenever the run-now figure is already at or below it. The plan carries the planned half of the {@code shift}
 * section that {@code carbon wait} writes (no re-checks here: the start is fixed when planned); with
 * {@code maxIntensity} met, the decision recorded is "run now", with the run-now figure as the expected one.
 */
public final class LowCarbonPlanner {
    private final ZoneResolver zones;
    private final ForecastProvider forecasts;

    public LowCarbonPlanner(ZoneResolver zones, ForecastProvider forecasts) {
        this.zones = zones;
        this.forecasts = forecasts;
    }

    /**
     * @param maxIntensity g/kWh at or below which the work starts now; null for always the best window
     * @throws IllegalArgumentException for an unknown zone, or a deadline too close for the work, saying which
     */
    public LowCarbonPlan plan(String zoneInput, Duration duration, Duration within, Double maxIntensity, Instant now) {
        if (maxIntensity != null && !(maxIntensity > 0)) {
            throw new IllegalArgumentException("maxIntensity: must be a positive number of g/kWh, was " + maxIntensity);
        }
        ResolvedZone zone = zones.resolve(zoneInput);
        Instant decidedAt = now.truncatedTo(ChronoUnit.SECONDS);
        ShiftRequest request = ShiftRequest.within(zone.zone(), duration, within, decidedAt, OptionalDouble.empty());
        request.requireFeasibleAt(decidedAt);
        ShiftDecision decision = new ShiftPlanner(forecasts).plan(request, decidedAt);
        OptionalDouble runNow = decision.runNowGramsPerKwh();
        boolean cleanEnough = maxIntensity != null && runNow.isPresent() && runNow.getAsDouble() <= maxIntensity;
        Instant start = cleanEnough ? decidedAt : decision.chosenStart();
        List<String> details = new ArrayList<>();
        details.add("work: " + Durations.text(duration) + " in " + zone.zone()
                + (zone.via().isEmpty() ? "" : " (" + zone.via() + ")") + ", to end by " + request.deadline());
        details.add("figures: " + decision.forecast().method().label() + " from " + decision.forecast().provider()
                + ": " + decision.forecast().source());
        details.add("run now: " + grams(runNow) + "; best window from " + decision.chosenStart() + ": "
                + grams(decision.expectedGramsPerKwh())
                + decision.expectedSavingPercent().stream().mapToObj(p -> String.format(Locale.ROOT,
                        " (%.1f %% less)", p)).findFirst().orElse(""));
        String why = cleanEnough ? String.format(Locale.ROOT, "running now at %s is within maxIntensity %s g/kWh",
                grams(runNow), trim(maxIntensity)) : decision.reason();
        details.add("why: " + why);
        String summary = (start.equals(decidedAt) ? "start now" : "wait " + Durations.text(Duration.between(decidedAt,
                start)) + ", until " + start) + " for " + zone.zone() + ": expected " + grams(cleanEnough ? runNow
                : decision.expectedGramsPerKwh()) + " vs " + grams(runNow) + " now";
        ShiftDecision executed = cleanEnough ? new ShiftDecision(request, decidedAt, decidedAt, runNow, runNow,
                decision.windowsCompared(), decision.forecast(), why) : decision;
        String shift = ShiftSection.planned(executed, executed, 0, Optional.empty()).toString();
        return new LowCarbonPlan(zone.zone(), decidedAt, start, summary, details, shift);
    }

    private static String grams(OptionalDouble value) {
        return value.isPresent() ? trim(value.getAsDouble()) + " g/kWh" : "unknown";
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
