package io.carbonmlops.jenkins;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import hudson.model.Action;
import hudson.model.Run;
import io.carbonmlops.jenkins.schedule.LowCarbonPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The build page's record of each {@code waitForLowCarbon} plan (summary box, no sidebar link), and of each wait that
 * went on: its planned {@code shift} section, which the {@code withCarbonTracking} blocks that start after it complete
 * with their own saving. Plain fields, as XStream persists them in build.xml.
 */
public final class LowCarbonWaitAction implements Action {
    private final List<String> plans = new ArrayList<>();
    /** The planned shift section (JSON text) of each wait that went on, in the order they went on. */
    private List<String> shifts = new ArrayList<>();

    static synchronized void addTo(Run<?, ?> run, LowCarbonPlan plan) throws java.io.IOException {
        LowCarbonWaitAction action = run.getAction(LowCarbonWaitAction.class);
        if (action == null) {
            action = new LowCarbonWaitAction();
            run.addAction(action);
        }
        action.plans.add(plan.summary() + " — " + String.join("; ", plan.details()));
        run.save();
    }

    /** Records that the wait of {@code plan} went on: blocks that start from now on follow it. */
    static synchronized void wentOn(Run<?, ?> run, LowCarbonPlan plan) throws java.io.IOException {
        if (plan.shift().isEmpty()) {
            return; // planned by an earlier version, which kept no shift section
        }
        LowCarbonWaitAction action = run.getAction(LowCarbonWaitAction.class);
        if (action == null) { // not expected (planning adds it), but the shift must not be lost for that
            action = new LowCarbonWaitAction();
            run.addAction(action);
        }
        action.shifts.add(plan.shift());
        run.save();
    }

    /** How many waits of {@code run} have gone on so far: a block remembers this when it starts. */
    static synchronized int shiftsSoFar(Run<?, ?> run) {
        LowCarbonWaitAction action = run.getAction(LowCarbonWaitAction.class);
        return action == null ? 0 : action.shifts.size();
    }

    /**
     * The planned shift section of the last wait that had gone on when a block started ({@link #shiftsSoFar} then),
     * or empty when none had. In parallel branches this is the latest wait of any branch before the block.
     */
    static synchronized Optional<JsonObject> lastShiftOf(Run<?, ?> run, int shiftsSoFar) {
        LowCarbonWaitAction action = run.getAction(LowCarbonWaitAction.class);
        if (action == null || shiftsSoFar <= 0 || shiftsSoFar > action.shifts.size()) {
            return Optional.empty();
        }
        return Optional.of(JsonParser.parseString(action.shifts.get(shiftsSoFar - 1)).getAsJsonObject());
    }

    /** build.xml written before shifts were kept has none. */
    private Object readResolve() {
        if (shifts == null) {
            shifts = new ArrayList<>();
        }
        return this;
    }

    public synchronized List<String> getPlans() {
        return new ArrayList<>(plans);
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return "Carbon-aware wait";
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
