package io.carbonmlops.jenkins;

import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.carbonmlops.jenkins.tracking.TagList;
import io.carbonmlops.jenkins.tracking.TrackingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code withCarbonTracking(experiment: …, runName: …, zone: …) { … }}: meters the energy of its body on the agent
 * that runs it, and logs energy and CO2e to an MLflow run whose id the body sees as {@code MLFLOW_RUN_ID}.
 * Immutable-looking configuration holder; every parameter is optional and validated when set.
 */
public final class CarbonTrackingStep extends Step {
    private String experiment;
    private String runName;
    private String runId;
    private String zone;
    private Double pue;
    private String gpus;
    private List<String> tags = List.of();
    private boolean failOnError;

    @DataBoundConstructor
    public CarbonTrackingStep() {}

    @Override
    public StepExecution start(StepContext context) {
        return new CarbonTrackingExecution(context, this);
    }

    /** The parameters as given, for {@link TrackingSettings#resolve}. */
    TrackingSettings.Requested requested() {
        return new TrackingSettings.Requested(experiment, runName, runId, zone, pue, gpus, TagList.parse(tags), failOnError);
    }

    public String getExperiment() {
        return experiment;
    }

    @DataBoundSetter
    public void setExperiment(String experiment) {
        this.experiment = Text.trimToNull(experiment);
    }

    public String getRunName() {
        return runName;
    }

    @DataBoundSetter
    public void setRunName(String runName) {
        this.runName = Text.trimToNull(runName);
    }

    public String getRunId() {
        return runId;
    }

    @DataBoundSetter
    public void setRunId(String runId) {
        this.runId = Text.trimToNull(runId);
    }

    public String getZone() {
        return zone;
    }

    @DataBoundSetter
    public void setZone(String zone) {
        this.zone = Text.trimToNull(zone);
    }

    public Double getPue() {
        return pue;
    }

    @DataBoundSetter
    public void setPue(Double pue) {
        if (pue != null && (!(pue >= 1.0) || pue > 5.0)) {
            throw new IllegalArgumentException("pue must be between 1.0 and 5.0, was " + pue
                    + " (1.0 means no facility overhead; typical data centres report 1.1 to 1.6)");
        }
        this.pue = pue;
    }

    public String getGpus() {
        return gpus;
    }

    @DataBoundSetter
    public void setGpus(String gpus) {
        this.gpus = Text.trimToNull(gpus);
    }

    public List<String> getTags() {
        return tags;
    }

    @DataBoundSetter
    public void setTags(List<String> tags) {
        List<String> copy = new ArrayList<>(tags == null ? List.of() : tags);
        TagList.parse(copy); // fail now, naming the bad entry, rather than when the build reaches the block
        this.tags = List.copyOf(copy);
    }

    public boolean isFailOnError() {
        return failOnError;
    }

    @DataBoundSetter
    public void setFailOnError(boolean failOnError) {
        this.failOnError = failOnError;
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "withCarbonTracking";
        }

        @Override
        public String getDisplayName() {
            return "Meter the energy and CO2e of a block and log them to MLflow";
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        /** A workspace, because the meter runs on the agent that holds it. */
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, EnvVars.class);
        }

        /** The flow graph shows the experiment and run name only, never tags (they may name internal things). */
        @Override
        public String argumentsToString(Map<String, Object> namedArgs) {
            Object experiment = namedArgs.get("experiment");
            Object runName = namedArgs.get("runName");
            if (experiment == null && runName == null) {
                return null;
            }
            return (experiment != null ? experiment : "") + (runName != null ? " / " + runName : "");
        }
    }
}
