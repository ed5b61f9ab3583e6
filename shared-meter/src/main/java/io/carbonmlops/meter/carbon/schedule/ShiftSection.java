package io.carbonmlops.meter.carbon.schedule;

import com.google.gson.JsonObject;
import io.carbonmlops.meter.carbon.CarbonFootprintJson;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code shift} section of a measurement document, in the two halves a shift has: what is known once the wait
 * ends ({@link #planned}: the decision, how many re-checks, the decision it was executed on) and what is known once
 * the work ran ({@link #complete}: when it started and what it saved). {@code carbon wait} writes both at once; the
 * Jenkins plugin keeps the planned half on the build and completes it for each {@code withCarbonTracking} block that
 * follows. MLflow's {@code ShiftFigures} and the ledger's measurement entries read the section as written here.
 */
public final class ShiftSection {
    private ShiftSection() {}

    /**
     * @param initial   the decision made when the wait began (its figures without the forecast points)
     * @param executed  the decision the work was started on, after re-checks (with the points)
     * @param replans   how many re-checks were made
     * @param threshold how a threshold wait (no forecast, no history) ended, when there was one
     */
    public static JsonObject planned(ShiftDecision initial, ShiftDecision executed, int replans,
            Optional<String> threshold) {
        JsonObject shift = ShiftDecisionJson.toJson(initial, false);
        shift.addProperty("replans", replans);
        threshold.ifPresent(note -> shift.addProperty("threshold_wait", note));
        shift.add("executed", ShiftDecisionJson.toJson(executed, true));
        return shift;
    }

    /** When the planned section's decision was made: the run-now counterfactual starts there. */
    public static Instant decidedAt(JsonObject planned) {
        return Instant.parse(planned.get("decided_at").getAsString());
    }

    /**
     * A copy of a planned section completed for one piece of work that started at {@code startedAt}.
     *
     * @param outcome the work and its counterfactual, accounted ({@link ShiftOutcome#account})
     */
    public static JsonObject complete(JsonObject planned, Instant startedAt, ShiftOutcome outcome) {
        JsonObject shift = planned.deepCopy();
        shift.addProperty("started_at", CarbonFootprintJson.formatInstant(startedAt));
        shift.add("outcome", ShiftDecisionJson.outcome(outcome));
        return shift;
    }
}
