package io.carbonmlops.jenkins;

import hudson.model.Action;
import hudson.model.Run;
import io.carbonmlops.jenkins.tracking.CarbonRunSummary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import io.carbonmlops.meter.report.Figures;
import java.util.Locale;
import java.util.Objects;
import jenkins.model.RunAction2;
import jenkins.tasks.SimpleBuildStep;

/**
 * The build page's carbon box ({@code summary.jelly}) and page ({@code index.jelly}): every tracked block of the
 * build with its energy, CO2e, intensity and source, and links to its MLflow run; on the job page, the trend of
 * the last builds ({@link CarbonJobAction}). Persisted in build.xml, so only simple fields; the owning build is
 * transient and set again on load.
 */
public final class CarbonBuildAction implements RunAction2, SimpleBuildStep.LastBuildAction {
    private final List<CarbonRunSummary> blocks = new ArrayList<>();
    private transient Run<?, ?> run;

    /** Adds a block's summary to the build, creating the action on the first one; parallel branches may race here. */
    static void addTo(Run<?, ?> run, CarbonRunSummary summary) throws IOException {
        synchronized (run) {
            CarbonBuildAction action = run.getAction(CarbonBuildAction.class);
            if (action == null) {
                action = new CarbonBuildAction();
                run.addOrReplaceAction(action);
            }
            action.add(summary);
        }
    }

    synchronized void add(CarbonRunSummary summary) {
        blocks.add(Objects.requireNonNull(summary, "summary"));
    }

    public synchronized List<CarbonRunSummary> getBlocks() {
        return List.copyOf(blocks);
    }

    /** Facility energy of all blocks whose energy is known, kWh. */
    public synchronized double getTotalEnergyKwh() {
        return blocks.stream().filter(b -> b.getFacilityEnergyKwh() != null).mapToDouble(CarbonRunSummary::getFacilityEnergyKwh).sum();
    }

    /** CO2e of all blocks whose CO2e is known, kg. */
    public synchronized double getTotalCo2eKg() {
        return blocks.stream().filter(b -> b.getCo2eKg() != null).mapToDouble(CarbonRunSummary::getCo2eKg).sum();
    }

    /** The totals as the build page shows them, e.g. {@code 1.2 kWh, 439 g CO2e (2 blocks)}. */
    public synchronized String getTotalsText() {
        return String.format(Locale.ROOT, "%s, %s (%d block%s)%s", Figures.energyKwh(getTotalEnergyKwh()),
                Figures.co2e(getTotalCo2eKg()), blocks.size(), blocks.size() == 1 ? "" : "s", isIncomplete() ? "; some figures are missing, see the log" : "");
    }

    /** Whether some block lacks a figure, so the totals are lower bounds. */
    public synchronized boolean isIncomplete() {
        return blocks.stream().anyMatch(b -> b.getFacilityEnergyKwh() == null || b.getCo2eKg() == null);
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public String getIconFileName() {
        return "symbol-leaf-outline plugin-ionicons-api";
    }

    @Override
    public String getDisplayName() {
        return "Carbon";
    }

    @Override
    public String getUrlName() {
        return "carbon";
    }

    /** The job's trend chart, which core shows for the job's last successful build's action. */
    @Override
    public Collection<? extends Action> getProjectActions() {
        return run == null ? List.of() : List.of(new CarbonJobAction(run.getParent()));
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }
}
