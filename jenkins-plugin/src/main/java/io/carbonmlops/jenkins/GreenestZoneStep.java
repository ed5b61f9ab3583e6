package io.carbonmlops.jenkins;

import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.carbonmlops.jenkins.schedule.GreenestZone;
import io.carbonmlops.jenkins.schedule.StepDurations;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.carbon.ProviderChain;
import io.carbonmlops.meter.carbon.ZoneResolver;
import io.carbonmlops.meter.carbon.provider.Providers;
import io.carbonmlops.meter.carbon.schedule.ChainForecasts;
import io.carbonmlops.meter.carbon.schedule.ShiftPlanner;
import io.carbonmlops.meter.carbon.schedule.ZoneRanking;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code greenestZone(candidates: ['aws:eu-north-1', 'DE'])}: the candidate (as written) with the lowest carbon
 * intensity now, or over its best window with {@code duration:} and {@code within:}, from the configured intensity
 * chain ({@link GreenestZone}); the ranking with provenance goes to the log. For choosing an agent label.
 */
public final class GreenestZoneStep extends Step {
    private final List<String> candidates;
    private String duration;
    private String within;

    @DataBoundConstructor
    public GreenestZoneStep(List<String> candidates) {
        this.candidates = candidates == null ? List.of() : new ArrayList<>(candidates);
    }

    public List<String> getCandidates() {
        return new ArrayList<>(candidates);
    }

    public String getDuration() {
        return duration;
    }

    @DataBoundSetter
    public void setDuration(String duration) {
        this.duration = Text.trimToNull(duration);
    }

    public String getWithin() {
        return within;
    }

    @DataBoundSetter
    public void setWithin(String within) {
        this.within = Text.trimToNull(within);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, candidates, duration, within);
    }

    private static final class Execution extends SynchronousNonBlockingStepExecution<String> {
        private static final long serialVersionUID = 1L;
        private final List<String> candidates;
        private final String duration;
        private final String within;

        Execution(StepContext context, List<String> candidates, String duration, String within) {
            super(context);
            this.candidates = new ArrayList<>(candidates);
            this.duration = duration;
            this.within = within;
        }

        @Override
        protected String run() throws Exception {
            CarbonGlobalConfiguration config = CarbonGlobalConfiguration.get();
            Map<String, String> env = ProviderEnvironment.forBuild(config, getContext().get(Run.class));
            GreenestZone.Choice choice;
            try (ProviderChain chain = Providers.chain(Providers.spec(config.getIntensityProviders(), Map.of()), env,
                    MeterClock.SYSTEM)) {
                ZoneRanking ranking = new ZoneRanking(ZoneResolver.shipped(), chain::latest,
                        new ShiftPlanner(new ChainForecasts(chain)));
                choice = new GreenestZone(ranking).choose(candidates,
                        duration == null ? null : StepDurations.parse("duration", duration),
                        within == null ? null : StepDurations.parse("within", within), Instant.now());
            } catch (IllegalArgumentException e) {
                throw new AbortException("greenestZone: " + e.getMessage());
            }
            TaskListener listener = getContext().get(TaskListener.class);
            listener.getLogger().println("greenestZone: " + choice.best());
            choice.lines().forEach(line -> listener.getLogger().println("greenestZone:   " + line));
            return choice.best();
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "greenestZone";
        }

        @Override
        public String getDisplayName() {
            return "The candidate zone or cloud region with the lowest carbon intensity";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
