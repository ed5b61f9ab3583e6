package io.carbonmlops.meter.carbon.schedule;

import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.carbon.CarbonAccountant;
import io.carbonmlops.meter.carbon.CarbonFootprint;
import io.carbonmlops.meter.carbon.CarbonOptions;
import io.carbonmlops.meter.carbon.IntensityKind;
import io.carbonmlops.meter.carbon.IntensityProvenance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a shift saved, after the work ran: its CO2e as measured and accounted, against the same energy drawn with the
 * same power profile from the decision time on (the run-now counterfactual), both accounted the same way by the same
 * provider chain. Where either side could only be accounted with a yearly average, no saving is claimed (saved 0,
 * no percentage); the notes say why.
 *
 * @param realisedCo2eKg   the work's location-based CO2e
 * @param realised         the intensity it was accounted with
 * @param runNowCo2eKg     the counterfactual's CO2e
 * @param runNow           the intensity the counterfactual was accounted with
 * @param notes            why the figures may not be comparable
 */
public record ShiftOutcome(double realisedCo2eKg, IntensityProvenance realised, double runNowCo2eKg,
        IntensityProvenance runNow, List<String> notes) {

    public ShiftOutcome {
        Objects.requireNonNull(realised, "realised");
        Objects.requireNonNull(runNow, "runNow");
        notes = List.copyOf(notes);
    }

    /**
     * True when both sides were accounted with per-interval figures. A flat figure (a yearly average) on either side
     * says nothing about the hour, so a difference against it is an artefact of the fallback, not a saving.
     */
    public boolean comparable() {
        return realised.kind().isPerInterval() && runNow.kind().isPerInterval();
    }

    /** Counterfactual minus realised, kg; negative when waiting emitted more; 0 (none claimed) when not comparable. */
    public double savedKg() {
        return comparable() ? runNowCo2eKg - realisedCo2eKg : 0.0;
    }

    /** Empty when no saving can be claimed (not comparable, or nothing emitted). */
    public OptionalDouble savedPercent() {
        return comparable() && runNowCo2eKg > 0 ? OptionalDouble.of(savedKg() / runNowCo2eKg * 100.0)
                : OptionalDouble.empty();
    }

    /**
     * Accounts the work and its run-now counterfactual.
     *
     * @param decision    the decision the work was started on
     * @param measurement the work's measurement
     * @param zoneInput   the zone as the user gave it (the same the footprint uses)
     */
    public static ShiftOutcome account(ShiftDecision decision, Measurement measurement, String zoneInput,
            CarbonOptions options, CarbonAccountant accountant) {
        CarbonFootprint realised = accountant.account(measurement, zoneInput, options);
        CarbonFootprint runNow = accountant.account(startingAt(measurement, decision.decidedAt()), zoneInput, options);
        return of(realised, runNow);
    }

    /**
     * The outcome from the work's footprint and its counterfactual's ({@link #startingAt}), both accounted the same
     * way: for callers that account through their own calculator (the Jenkins plugin).
     */
    public static ShiftOutcome of(CarbonFootprint realised, CarbonFootprint runNow) {
        List<String> notes = new ArrayList<>();
        IntensityKind realisedKind = realised.intensity().kind();
        IntensityKind runNowKind = runNow.intensity().kind();
        if (!realisedKind.isPerInterval() && !runNowKind.isPerInterval()) {
            notes.add("the intensity used is a " + realisedKind.label() + " figure, the same for every hour: a shift"
                    + " cannot show a saving with it (configure a live provider with history)");
        } else if (!realisedKind.isPerInterval() || !runNowKind.isPerInterval()) {
            notes.add("the work was accounted with " + realisedKind.label() + " figures and the counterfactual with "
                    + runNowKind.label() + " figures (the provider had figures for one window only): a flat figure "
                    + "says nothing about the hour, so no saving is claimed");
        } else if (realisedKind != runNowKind) {
            notes.add("the work was accounted with " + realisedKind.label() + " figures and the counterfactual with "
                    + runNowKind.label() + " figures: compare with care");
        }
        return new ShiftOutcome(realised.co2eKg(), realised.intensity(), runNow.co2eKg(), runNow.intensity(), notes);
    }

    /** The same measurement moved to start at the decision time: energy and power profile unchanged. */
    public static Measurement startingAt(Measurement measurement, Instant decidedAt) {
        Duration shift = Duration.between(measurement.startedAt(), decidedAt);
        return new Measurement(measurement.startedAt().plus(shift), measurement.endedAt().plus(shift),
                measurement.duration(), measurement.devices(), measurement.pue(), measurement.warnings());
    }

    /** The same outcome with one more note (a caveat the caller knows of, such as a zone other than the plan's). */
    public ShiftOutcome withNote(String note) {
        List<String> all = new ArrayList<>(notes);
        all.add(note);
        return new ShiftOutcome(realisedCo2eKg, realised, runNowCo2eKg, runNow, all);
    }
}
