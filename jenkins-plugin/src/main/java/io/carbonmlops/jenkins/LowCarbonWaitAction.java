package io.carbonmlops.jenkins;

import hudson.model.Action;
import hudson.model.Run;
import io.carbonmlops.jenkins.schedule.LowCarbonPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The build page's record of each {@code waitForLowCarbon} plan (summary box, no sidebar link). Plain fields, as
 * XStream persists them in build.xml.
 */
public final class LowCarbonWaitAction implements Action {
    private final List<String> plans = new ArrayList<>();

    static synchronized void addTo(Run<?, ?> run, LowCarbonPlan plan) throws java.io.IOException {
        LowCarbonWaitAction action = run.getAction(LowCarbonWaitAction.class);
        if (action == null) {
            action = new LowCarbonWaitAction();
            run.addAction(action);
        }
        action.plans.add(plan.summary() + " — " + String.join("; ", plan.details()));
        run.save();
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
