package io.carbonmlops.jenkins;

import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.carbonmlops.jenkins.carbon.GateCheck;
import io.carbonmlops.mlflow.gate.GateDecision;
import io.carbonmlops.mlflow.gate.GateTarget;
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
 * {@code carbonGate(model: 'm', version: '3', stage: 'Production', promote: true)}: judges the promotion under the
 * configured carbon policy; a refusal fails the build with the decision's explanation, an allowed promotion is
 * performed when {@code promote} is set. Returns the decision as a map ({@code allowed}, {@code verdict},
 * {@code summary}, {@code explanation}, {@code co2eKg}).
 */
public final class CarbonGateStep extends Step {
    private final String model;
    private final String version;
    private String stage;
    private String alias;
    private boolean promote;

    @DataBoundConstructor
    public CarbonGateStep(String model, String version) {
        this.model = requireText(model, "model");
        this.version = requireText(version, "version");
    }

    GateTarget target() {
        if ((stage == null) == (alias == null)) {
            throw new IllegalArgumentException("carbonGate needs exactly one of stage: or alias:");
        }
        return stage != null ? GateTarget.stage(stage) : GateTarget.alias(alias);
    }

    @Override
    public StepExecution start(StepContext context) {
        target(); // fail at once, before any network call
        return new Execution(context, this);
    }

    public String getModel() {
        return model;
    }

    public String getVersion() {
        return version;
    }

    public String getStage() {
        return stage;
    }

    @DataBoundSetter
    public void setStage(String stage) {
        this.stage = Text.trimToNull(stage);
    }

    public String getAlias() {
        return alias;
    }

    @DataBoundSetter
    public void setAlias(String alias) {
        this.alias = Text.trimToNull(alias);
    }

    public boolean isPromote() {
        return promote;
    }

    @DataBoundSetter
    public void setPromote(boolean promote) {
        this.promote = promote;
    }

    private static String requireText(String value, String name) {
        String text = Text.trimToNull(value);
        if (text == null) {
            throw new IllegalArgumentException("carbonGate needs " + name + ":");
        }
        return text;
    }

    private static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final transient CarbonGateStep step;

        Execution(StepContext context, CarbonGateStep step) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            CarbonGlobalConfiguration config = CarbonGlobalConfiguration.get();
            GateDecision decision;
            try {
                GateCheck.GateLedger ledger = new GateCheck.GateLedger(ControllerLedger.config(config),
                        ControllerLedger.spoolBase(), ControllerLedger.signingKey(config), ControllerLedger.gateKey(config));
                GateCheck.untrustedMeasurementKey(config.getGatePolicy(), ledger.measurementKey())
                        .ifPresent(w -> listener.getLogger().println("carbonGate: warning: " + w));
                decision = GateCheck.run(BuildCredentials.mlflow(config, run), config.getGatePolicy(), ledger,
                        step.model, step.version, step.target(), step.promote);
            } catch (AbortException e) {
                throw new AbortException("carbonGate refused " + step.model + " version " + step.version + ": "
                        + e.getMessage());
            } catch (RuntimeException e) {
                // no policy, a policy error (file:line), or MLflow unable to answer: the gate fails closed
                throw new AbortException("carbonGate refused " + step.model + " version " + step.version + ": "
                        + e.getMessage());
            }
            if (!decision.allowed()) {
                throw new AbortException(decision.explanation());
            }
            listener.getLogger().println("carbonGate: " + decision.summary()
                    + (step.promote ? " Promoted." : " (not promoted: promote is false)")
                    + decision.recordedAs().map(id -> " Decision " + id + " recorded in the ledger"
                            + decision.ledgerHead().map(head -> " (judged at ledger head " + head + ")").orElse("")
                            + ".").orElse(""));
            return GateCheck.describe(decision);
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "carbonGate";
        }

        @Override
        public String getDisplayName() {
            return "Judge (and perform) a model promotion under the carbon policy";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
