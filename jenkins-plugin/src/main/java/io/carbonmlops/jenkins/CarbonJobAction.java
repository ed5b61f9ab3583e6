package io.carbonmlops.jenkins;

import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import io.carbonmlops.jenkins.tracking.CarbonTrend;
import java.util.List;
import java.util.Optional;

/**
 * The job page's carbon trend ({@code floatingBox.jelly}, which core includes with this action as {@code from} and
 * the job as {@code it}): CO2e of the last builds that tracked blocks. Added to the job by core from the last
 * successful build's {@link CarbonBuildAction}; never persisted.
 */
public final class CarbonJobAction implements Action {
    static final int MAX_BUILDS = 20;
    /** Builds looked at per page view at most: Jenkins loads each from disk. */
    static final int MAX_SCANNED = 100;

    private final transient Job<?, ?> job;
    private transient List<CarbonTrend.Point> points;

    CarbonJobAction(Job<?, ?> job) {
        this.job = job;
    }

    /** Totals of up to {@value #MAX_BUILDS} builds with a carbon record among the last {@value #MAX_SCANNED}, oldest first. */
    public synchronized List<CarbonTrend.Point> getPoints() {
        if (points == null) { // core makes a new action per page view; the page asks twice
            Run<?, ?> latest = job.getLastBuild();
            points = CarbonTrend.<Run<?, ?>>recentPoints(latest, Run::getPreviousBuild, CarbonJobAction::pointOf,
                    MAX_BUILDS, MAX_SCANNED);
        }
        return points;
    }

    private static Optional<CarbonTrend.Point> pointOf(Run<?, ?> run) {
        return Optional.ofNullable(run.getAction(CarbonBuildAction.class))
                .map(a -> new CarbonTrend.Point(run.getNumber(), a.getTotalCo2eKg(), a.getTotalEnergyKwh()));
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
