package io.carbonmlops.jenkins;

import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import io.carbonmlops.jenkins.tracking.CarbonTrend;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The job page's carbon trend ({@code floatingBox.jelly}): CO2e of the last builds that tracked blocks. Added to
 * the job by core from the last successful build's {@link CarbonBuildAction}; never persisted.
 */
public final class CarbonJobAction implements Action {
    static final int MAX_BUILDS = 20;

    private final transient Job<?, ?> job;

    CarbonJobAction(Job<?, ?> job) {
        this.job = job;
    }

    /** Totals of up to {@value #MAX_BUILDS} recent builds with a carbon record, oldest first. */
    public List<CarbonTrend.Point> getPoints() {
        List<CarbonTrend.Point> points = new ArrayList<>();
        int seen = 0;
        for (Run<?, ?> run = job.getLastBuild(); run != null && seen < MAX_BUILDS; run = run.getPreviousBuild()) {
            CarbonBuildAction action = run.getAction(CarbonBuildAction.class);
            if (action != null) {
                points.add(new CarbonTrend.Point(run.getNumber(), action.getTotalCo2eKg(), action.getTotalEnergyKwh()));
                seen++;
            }
        }
        Collections.reverse(points);
        return points;
    }

    /** The chart as SVG markup built from numbers only. */
    public String getTrendSvg() {
        return CarbonTrend.svg(getPoints());
    }

    @Override
    public String getIconFileName() {
        return null; // shown as the floating box only, no side-panel link
    }

    @Override
    public String getDisplayName() {
        return "Carbon trend";
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
