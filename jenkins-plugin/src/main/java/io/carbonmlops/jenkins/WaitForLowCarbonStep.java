package io.carbonmlops.jenkins;

import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.carbonmlops.jenkins.schedule.LowCarbonPlan;
import io.carbonmlops.jenkins.schedule.LowCarbonPlanner;
import io.carbonmlops.jenkins.schedule.StepDurations;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.carbon.ProviderChain;
import io.carbonmlops.meter.carbon.ZoneResolver;
import io.carbonmlops.meter.carbon.provider.Providers;
import io.carbonmlops.meter.carbon.schedule.ChainForecasts;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.AbstractStepExecutionImpl;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code waitForLowCarbon(zone: 'DE', duration: '2h', within: '12h', maxIntensity: 200)}: waits, outside
 * {@code node} and without an executor (a timer, like {@code sleep}), until the start with the lowest forecast
 * intensity for work of that duration that must end within the deadline; with {@code maxIntensity} it goes on at
 * once when running now is already that clean. The plan ({@link LowCarbonPlanner}) is logged, shown on the build
 * page and persisted with the step, so a controller restart resumes the same wait.
 */
public final class WaitForLowCarbonStep extends Step {
    private final String duration;
    private final String within;
    private String zone;
    private Double maxIntensity;

    @DataBoundConstructor
    public WaitForLowCarbonStep(String duration, String within) {
        this.duration = Text.trimToNull(duration);
        this.within = Text.trimToNull(within);
    }

    public String getDuration() {
        return duration;
    }

    public String getWithin() {
        return within;
    }

    public String getZone() {
        return zone;
    }

    /** Zone key, ISO country code or cloud region; default: the configured default zone. */
    @DataBoundSetter
    public void setZone(String zone) {
        this.zone = Text.trimToNull(zone);
    }

    public Double getMaxIntensity() {
        return maxIntensity;
    }

    /** g/kWh at or below which the Pipeline goes on at once. */
    @DataBoundSetter
    public void setMaxIntensity(Double maxIntensity) {
        this.maxIntensity = maxIntensity;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, zone, duration, within, maxIntensity);
    }

    /** Persisted with the Pipeline: the request, and once made the plan, whose start a resumed controller waits for. */
    static final class Execution extends AbstractStepExecutionImpl {
        private static final long serialVersionUID = 1L;
        private static final Logger LOGGER = Logger.getLogger(Execution.class.getName());

        private final String zone;
        private final String duration;
        private final String within;
        private final Double maxIntensity;
        private LowCarbonPlan plan;
        private transient volatile ScheduledFuture<?> task;

        Execution(StepContext context, String zone, String duration, String within, Double maxIntensity) {
            super(context);
            this.zone = zone;
            this.duration = duration;
            this.within = within;
            this.maxIntensity = maxIntensity;
        }

        @Override
        public boolean start() {
            Timer.get().submit(this::planThenWait); // forecasts are fetched over HTTP: never on the CPS thread
            return false;
        }

        @Override
        public void onResume() {
            if (plan == null) {
                Timer.get().submit(this::planThenWait);
                return;
            }
            log().println("waitForLowCarbon: resuming the wait until " + plan.start() + " after a restart");
            schedule();
        }

        @Override
        public void stop(Throwable cause) {
            ScheduledFuture<?> pending = task;
            if (pending != null) {
                pending.cancel(false);
            }
            getContext().onFailure(cause);
        }

        @Override
        public String getStatus() {
            return plan == null ? "planning a low-carbon start" : "waiting for low carbon until " + plan.start();
        }

        private void planThenWait() {
            try {
                CarbonGlobalConfiguration config = CarbonGlobalConfiguration.get();
                String wanted = zone != null ? zone : config.getDefaultZone();
                if (wanted == null) {
                    throw new AbortException("waitForLowCarbon needs zone: (or a default zone in Manage Jenkins → System"
                            + " → carbon-mlops)");
                }
                Run<?, ?> run = getContext().get(Run.class);
                Map<String, String> env = ProviderEnvironment.forBuild(config, run);
                try (ProviderChain chain = Providers.chain(Providers.spec(config.getIntensityProviders(), Map.of()), env,
                        MeterClock.SYSTEM)) {
                    plan = new LowCarbonPlanner(ZoneResolver.shipped(), new ChainForecasts(chain)).plan(wanted,
                            StepDurations.parse("duration", duration), StepDurations.parse("within", within),
                            maxIntensity, Instant.now());
                } catch (IllegalArgumentException e) {
                    throw new AbortException("waitForLowCarbon: " + e.getMessage());
                }
                PrintStream log = log();
                log.println("waitForLowCarbon: " + plan.summary());
                plan.details().forEach(line -> log.println("waitForLowCarbon:   " + line));
                LowCarbonWaitAction.addTo(run, plan);
                getContext().saveState(); // the chosen start survives a controller restart
                schedule();
            } catch (Exception e) {
                getContext().onFailure(e);
            }
        }

        /** Goes on once the planned start has passed by the wall clock; a timer that fires early only re-arms. */
        private void schedule() {
            Duration left = Duration.between(Instant.now(), plan.start());
            if (left.isNegative() || left.isZero()) {
                go();
            } else {
                task = Timer.get().schedule(this::schedule, left.toMillis() + 1, TimeUnit.MILLISECONDS);
            }
        }

        private void go() {
            log().println("waitForLowCarbon: going on at " + Instant.now() + " (planned start " + plan.start() + ")");
            try {
                LowCarbonWaitAction.wentOn(getContext().get(Run.class), plan);
            } catch (Exception e) { // the Pipeline goes on all the same; only the blocks' shift records are lost
                log().println("waitForLowCarbon: warning: the plan could not be kept for the withCarbonTracking blocks"
                        + " that follow, so they record no shift: " + e);
            }
            getContext().onSuccess(null);
        }

        private PrintStream log() {
            try {
                return getContext().get(TaskListener.class).getLogger();
            } catch (Exception e) {
                LOGGER.log(Level.FINE, "no build log", e);
                return System.out;
            }
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "waitForLowCarbon";
        }

        @Override
        public String getDisplayName() {
            return "Wait for the lowest-carbon start before a deadline (no executor held)";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
