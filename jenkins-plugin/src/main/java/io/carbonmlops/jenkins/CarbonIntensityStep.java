package io.carbonmlops.jenkins;

import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import io.carbonmlops.jenkins.carbon.IntensityLookup;
import io.carbonmlops.meter.MeterClock;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code carbonIntensity(zone: 'DE')}: the zone's current grid intensity with its provenance, as a map
 * ({@code gramsPerKwh}, {@code zone}, {@code provider}, {@code source}, {@code kind}, {@code from}, {@code to},
 * {@code fallbackReason}) for {@code when} conditions and messages. Without a zone, the configured default.
 */
public final class CarbonIntensityStep extends Step {
    private final String zone;

    @DataBoundConstructor
    public CarbonIntensityStep(String zone) {
        this.zone = Text.trimToNull(zone);
    }

    public String getZone() {
        return zone;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, zone);
    }

    private static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final String zone;

        Execution(StepContext context, String zone) {
            super(context);
            this.zone = zone;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            CarbonGlobalConfiguration config = CarbonGlobalConfiguration.get();
            String wanted = zone != null ? zone : config.getDefaultZone();
            if (wanted == null) {
                throw new AbortException("carbonIntensity needs zone: (or a default zone in Manage Jenkins → System → carbon-mlops)");
            }
            try {
                return IntensityLookup.lookup(wanted, config.getIntensityProviders(),
                        ProviderEnvironment.forBuild(config, getContext().get(Run.class)), MeterClock.SYSTEM);
            } catch (IllegalArgumentException e) {
                throw new AbortException("carbonIntensity: " + e.getMessage());
            }
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "carbonIntensity";
        }

        @Override
        public String getDisplayName() {
            return "Current carbon intensity of a grid zone, with provenance";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class);
        }
    }
}
