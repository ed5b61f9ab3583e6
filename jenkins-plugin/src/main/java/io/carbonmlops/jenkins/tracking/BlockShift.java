package io.carbonmlops.jenkins.tracking;

import com.google.gson.JsonObject;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.carbon.CarbonFootprint;
import io.carbonmlops.meter.carbon.schedule.ShiftOutcome;
import io.carbonmlops.meter.carbon.schedule.ShiftSection;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The carbon-aware shift of a {@code withCarbonTracking} block that runs after a {@code waitForLowCarbon} in the same
 * build, accounted as {@code carbon wait} accounts it: the block's own energy and power profile, once as it ran and
 * once moved to start when the plan was made (the run-now counterfactual), both through the same calculator. Every
 * block after one wait is judged against that same decision time, so a block that starts an hour after the wait is
 * still compared with starting at once when the plan was made.
 */
public final class BlockShift {
    private BlockShift() {}

    /**
     * The completed {@code shift} section, or empty when there was no wait, nothing was measured or accounted, or the
     * counterfactual could not be accounted (the problem says why).
     *
     * @param planned the planned half the wait left on the build ({@link ShiftSection#planned})
     * @param zone    the block's zone, the one its own footprint was accounted in
     */
    public static Optional<JsonObject> account(Optional<JsonObject> planned, Measurement measurement,
            CarbonFootprint footprint, String zone, FootprintCalculator footprints, List<String> problems) {
        if (planned.isEmpty() || measurement == null || footprint == null) {
            return Optional.empty();
        }
        Instant decidedAt = ShiftSection.decidedAt(planned.get());
        try {
            CarbonFootprint runNow = footprints.footprint(ShiftOutcome.startingAt(measurement, decidedAt), zone);
            ShiftOutcome outcome = ShiftOutcome.of(footprint, runNow);
            String plannedZone = planned.get().get("zone").getAsString();
            if (!plannedZone.equals(footprint.intensity().zone())) {
                outcome = outcome.withNote("the wait planned for zone " + plannedZone + " but the block is accounted in "
                        + footprint.intensity().zone() + ": the saving is that zone's, not the plan's");
            }
            return Optional.of(ShiftSection.complete(planned.get(), measurement.startedAt(), outcome));
        } catch (RuntimeException e) {
            problems.add("the saving of the low-carbon wait could not be accounted (no run-now CO2e from " + decidedAt
                    + "): " + e.getMessage() + "; the block is recorded without its shift");
            return Optional.empty();
        }
    }

    /** One line for the build log. */
    public static String describe(JsonObject shift) {
        JsonObject outcome = shift.getAsJsonObject("outcome");
        double savedKg = outcome.get("saved_kg").getAsDouble();
        String percent = outcome.has("saved_percent")
                ? String.format(Locale.ROOT, " (%.3g %%)", outcome.get("saved_percent").getAsDouble()) : "";
        String notes = String.join("; ", outcome.getAsJsonArray("notes").asList().stream()
                .map(note -> note.getAsString()).toList());
        return String.format(Locale.ROOT, "shift: saved %.3g kg CO2e%s against starting at %s, when waitForLowCarbon"
                + " planned (run now %.3g kg, realised %.3g kg)%s", savedKg, percent,
                shift.get("decided_at").getAsString(), outcome.get("run_now_co2e_kg").getAsDouble(),
                outcome.get("realised_co2e_kg").getAsDouble(), notes.isEmpty() ? "" : "; " + notes);
    }
}
