package io.carbonmlops.jenkins;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.console.ConsoleLogFilter;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.carbonmlops.jenkins.agent.MeterRequest;
import io.carbonmlops.jenkins.agent.ResumeMeter;
import io.carbonmlops.jenkins.agent.StartMeter;
import io.carbonmlops.jenkins.agent.StopMeter;
import io.carbonmlops.jenkins.ledger.BlockOrigin;
import io.carbonmlops.jenkins.ledger.LedgerSink;
import io.carbonmlops.jenkins.tracking.BlockStart;
import io.carbonmlops.jenkins.tracking.BodyOutcome;
import io.carbonmlops.jenkins.tracking.BuildInfo;
import io.carbonmlops.jenkins.tracking.MlflowAccess;
import io.carbonmlops.jenkins.tracking.RecordSink;
import io.carbonmlops.jenkins.tracking.TrackingEnvironment;
import io.carbonmlops.jenkins.tracking.TrackingResult;
import io.carbonmlops.jenkins.tracking.TrackingSession;
import io.carbonmlops.jenkins.tracking.TrackingSettings;
import io.carbonmlops.ledger.LedgerConfig;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.report.MeasurementJson;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.FilePathUtils;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs a {@code withCarbonTracking} block the way {@code withCredentials} runs its own: MLflow and agent calls
 * happen on a pool thread ({@link #run}), never on the Pipeline's CPS thread; the body gets the run's variables
 * through a merged {@link EnvironmentExpander}, and a merged {@link ConsoleLogFilter} masks the secret ones in the
 * log; the end is a {@link TailCall} that stops the meter, computes CO2e and logs, off the CPS thread too, and whose
 * failures are added to (never replace) the body's own failure. What happens before and after the body is plain
 * logic ({@link BlockStart}, {@link TrackingSession}); this class only reaches Jenkins for it.
 *
 * <p>Restart safety: only values are persisted (settings, node name, journal path, meter request, run ids), never a
 * {@link FilePath}; the meter and its journal live on the agent, and the tail call finds them again by node name and
 * path. An inbound agent re-executes its JVM whenever its connection drops (a controller restart included), which
 * ends the meter: when the agent is back the window is resumed from its journal ({@link #resumeMeterOn}), the time
 * in between named as not metered.
 */
final class CarbonTrackingExecution extends GeneralNonBlockingStepExecution {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(CarbonTrackingExecution.class.getName());

    private final transient CarbonTrackingStep step;
    private String meterId;
    private TrackingSettings settings;
    private BuildInfo build;
    private BlockStart.Opened opened;
    private MeterRequest meterRequest;
    private boolean bodyEnded;
    private BodyOutcome outcome = BodyOutcome.SUCCESS;
    /** How many waitForLowCarbon waits had gone on when the block started: the last of them is the block's shift. */
    private int shiftsBefore;

    CarbonTrackingExecution(StepContext context, CarbonTrackingStep step) {
        super(context);
        this.step = step;
    }

    @Override
    public boolean start() {
        run(this::beforeBody);
        return false;
    }

    /** After a controller restart: the agent may have re-executed its JVM meanwhile, losing the meter. */
    @Override
    public void onResume() {
        super.onResume();
        if (opened != null && opened.metered()) {
            resumeMeterOn(opened.node());
        }
    }

    /**
     * Meters the body again if it runs on {@code node} and the agent's JVM that metered it is gone: an inbound agent
     * re-executes its JVM whenever its connection drops (a controller restart, a network cut). Called when an agent
     * comes online ({@link MeterResumer}) and after a controller restart; does nothing when the meter still runs.
     */
    void resumeMeterOn(String node) {
        if (bodyEnded || opened == null || !opened.metered() || meterRequest == null || !opened.node().equals(node)) {
            return;
        }
        Timer.get().submit(() -> {
            try {
                PrintStream log = getContext().get(TaskListener.class).getLogger();
                FilePath journal = FilePathUtils.find(opened.node(), opened.journalPath());
                if (journal != null && !bodyEnded
                        && "RESUMED".equals(journal.act(new ResumeMeter(meterRequest)))) {
                    log.println("withCarbonTracking: the JVM of agent " + build.node() + " restarted during the body;"
                            + " metering resumed; devices with their own energy counter (NVML, RAPL) count the time"
                            + " nothing metered, the others miss it (see the block's warnings)");
                }
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "cannot resume the energy meter " + meterId + " on " + node, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public String getStatus() {
        String where = opened == null ? "starting"
                : opened.metered() ? "metering on " + (opened.node().isEmpty() ? "the built-in node" : opened.node())
                : "not metered";
        return where + (opened != null && opened.run() != null ? ", MLflow run " + opened.run().runId() : "") + "; "
                + super.getStatus();
    }

    private void beforeBody() throws Exception {
        StepContext context = getContext();
        Run<?, ?> run = context.get(Run.class);
        PrintStream log = context.get(TaskListener.class).getLogger();
        FilePath workspace = context.get(FilePath.class);
        EnvVars env = context.get(EnvVars.class);
        CarbonGlobalConfiguration config = CarbonGlobalConfiguration.get();

        meterId = "carbon-" + UUID.randomUUID();
        shiftsBefore = LowCarbonWaitAction.shiftsSoFar(run);
        build = BuildInfo.fromEnvironment(env);
        settings = TrackingSettings.resolve(step.requested(), config.toDefaults(), build);
        List<String> accessProblems = new ArrayList<>();
        MlflowAccess access = access(config, run, accessProblems);
        BlockStart blockStart = new BlockStart(session(config, run, access, List.of()),
                new WorkspaceAgent(workspace, env));
        BlockStart.Outcome started = blockStart.open(settings, build, meterId);
        List<String> problems = new ArrayList<>(accessProblems);
        problems.addAll(started.problems());
        if (started.refused()) {
            throw new AbortException("withCarbonTracking: " + String.join("; ", problems));
        }
        opened = started.opened();
        try {
            failOrWarn(log, problems); // only warns: a block with failOnError was refused above
            log.println("withCarbonTracking: " + (opened.metered() ? "metering" : "not metering") + " '"
                    + settings.runName() + "' on " + build.node()
                    + (opened.run() != null ? "; MLflow run " + opened.run().runUrl() : ""));
            startBody(context, run, TrackingEnvironment.forBody(access, opened.run(), settings, meterId));
        } catch (Exception | Error e) {
            blockStart.abandon(opened).forEach(p -> log.println("withCarbonTracking: warning: " + p));
            throw e;
        }
    }

    private void startBody(StepContext context, Run<?, ?> run, Map<String, String> variables) throws Exception {
        BodyInvoker body = context.newBodyInvoker()
                .withContext(EnvironmentExpander.merge(context.get(EnvironmentExpander.class),
                        new CarbonEnvironment(variables, TrackingEnvironment.SENSITIVE)))
                .withCallback(new RecordOutcome(new AfterBody()));
        List<String> secrets = TrackingEnvironment.sensitiveValues(variables);
        if (!secrets.isEmpty()) {
            body.withContext(BodyInvoker.mergeConsoleLogFilters(context.get(ConsoleLogFilter.class),
                    new SecretMask(secrets, run.getCharset())));
        }
        body.start();
    }

    private void afterBody() throws Exception {
        StepContext context = getContext();
        Run<?, ?> run = context.get(Run.class);
        PrintStream log = context.get(TaskListener.class).getLogger();
        CarbonGlobalConfiguration config = CarbonGlobalConfiguration.get();

        MlflowAccess access = access(config, run, new ArrayList<>());
        List<String> problems = new ArrayList<>();
        List<RecordSink> sinks = sinks(config, run, log, problems);
        TrackingResult result = session(config, run, access, sinks).end(settings, build, meterId,
                opened == null ? null : opened.run(), this::stopMeter, outcome,
                LowCarbonWaitAction.lastShiftOf(run, shiftsBefore));
        log.println("withCarbonTracking: " + result.summary().describe());
        result.notes().forEach(note -> log.println("withCarbonTracking: " + note));
        if (result.recordSafe() || (access == null && result.summary().getFacilityEnergyKwh() != null)) {
            deleteJournal(log); // in MLflow or its spool; or, without MLflow, on the build page
        }
        problems.addAll(result.problems());
        failOrWarn(log, problems);
    }

    /**
     * Where the finished block's record goes after MLflow: the build page, and the carbon ledger when one is
     * configured, signed here on the controller with the key only Jenkins itself can read.
     */
    private List<RecordSink> sinks(CarbonGlobalConfiguration config, Run<?, ?> run, PrintStream log,
            List<String> problems) {
        List<RecordSink> sinks = new ArrayList<>();
        sinks.add(RecordSink.named("the build page", record -> CarbonBuildAction.addTo(run, record.summary())));
        try {
            Optional<LedgerConfig> ledger = ControllerLedger.config(config);
            if (ledger.isPresent()) {
                sinks.add(new LedgerSink(ledger.get(), ControllerLedger.signingKey(config), origin(run),
                        Clock.systemUTC(), line -> log.println("withCarbonTracking: " + line)));
            }
        } catch (AbortException e) {
            problems.add("the block is not recorded in the carbon ledger: " + e.getMessage());
        }
        return sinks;
    }

    /** Job, build and agent as the controller knows them, not as the body's environment says. */
    private BlockOrigin origin(Run<?, ?> run) {
        String node = opened != null && opened.node() != null ? opened.node() : "";
        return new BlockOrigin(run.getParent().getFullName(), Integer.toString(run.getNumber()), node, hostOf(node));
    }

    private static String hostOf(String node) {
        try {
            Computer computer = node.isEmpty() ? Jenkins.get().toComputer() : Jenkins.get().getComputer(node);
            return computer == null ? null : computer.getHostName();
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The record is safe: the agent's journal has served its purpose. */
    private void deleteJournal(PrintStream log) throws InterruptedException {
        if (opened == null || !opened.metered()) {
            return;
        }
        try {
            FilePath journal = FilePathUtils.find(opened.node(), opened.journalPath());
            if (journal != null) {
                journal.delete();
            }
        } catch (IOException e) {
            log.println("withCarbonTracking: warning: the meter journal " + opened.journalPath() + " on " + build.node()
                    + " could not be deleted: " + e.getMessage());
        }
    }

    private Measurement stopMeter() throws IOException, InterruptedException {
        if (opened == null || !opened.metered()) {
            throw new IOException("the meter never started (see the warning before the body)");
        }
        return stopMeter(opened, meterId);
    }

    static Measurement stopMeter(BlockStart.Opened opened, String meterId) throws IOException, InterruptedException {
        FilePath journal = FilePathUtils.find(opened.node(), opened.journalPath());
        if (journal == null) {
            throw new IOException("the agent '" + opened.node() + "' is offline, so its meter " + meterId + " cannot be"
                    + " read; its journal " + opened.journalPath() + " stays on the agent");
        }
        return MeasurementJson.parse(journal.act(new StopMeter(meterId))).measurement();
    }

    /** The plain tracking logic with this build's MLflow access, credentials and record sinks. */
    private static TrackingSession session(CarbonGlobalConfiguration config, Run<?, ?> run, MlflowAccess access,
            List<RecordSink> sinks) {
        Map<String, String> providerCredentials;
        try {
            providerCredentials = ProviderEnvironment.forBuild(config, run);
        } catch (AbortException e) {
            providerCredentials = Map.of(); // the provider then fails and the chain falls back, with a warning saying so
        }
        return Wiring.session(access, config.toDefaults(), providerCredentials, sinks);
    }

    /** The build's MLflow access; null (with the problem noted) when it is not configured or its credentials fail. */
    private static MlflowAccess access(CarbonGlobalConfiguration config, Run<?, ?> run, List<String> problems) {
        try {
            return BuildCredentials.mlflow(config, run);
        } catch (AbortException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /** Prints problems; fails the step with them only when the user asked for it. */
    private void failOrWarn(PrintStream log, List<String> problems) throws AbortException {
        if (problems.isEmpty()) {
            return;
        }
        if (settings != null && settings.failOnError()) {
            throw new AbortException("withCarbonTracking: " + String.join("; ", problems));
        }
        problems.forEach(problem -> log.println("withCarbonTracking: warning: " + problem
                + " (the build continues; set failOnError: true to fail it instead)"));
    }

    /** The agent that holds the workspace, reached through remoting; persisted as values only by {@link BlockStart}. */
    private final class WorkspaceAgent implements BlockStart.Agent {
        private final FilePath workspace;
        private final EnvVars env;

        WorkspaceAgent(FilePath workspace, EnvVars env) {
            this.workspace = workspace;
            this.env = env;
        }

        @Override
        public String nodeName() {
            return FilePathUtils.getNodeNameOrNull(workspace);
        }

        @Override
        public String startMeter() throws IOException, InterruptedException {
            meterRequest = MeterRequest.of(meterId, settings.pue(), settings.gpus(), env);
            return workspace.act(new StartMeter(meterRequest));
        }

        @Override
        public Measurement stopMeter(BlockStart.Opened block) throws IOException, InterruptedException {
            return CarbonTrackingExecution.stopMeter(block, meterId);
        }
    }

    /** Notes how the body ended before the tail call runs, so an abort is logged as such. */
    private final class RecordOutcome extends BodyExecutionCallback {
        private static final long serialVersionUID = 1L;
        private final AfterBody next;

        RecordOutcome(AfterBody next) {
            this.next = next;
        }

        @Override
        public void onSuccess(StepContext context, Object result) {
            outcome = BodyOutcome.SUCCESS;
            bodyEnded = true;
            next.onSuccess(context, result);
        }

        @Override
        public void onFailure(StepContext context, Throwable t) {
            outcome = BodyOutcome.of(t);
            bodyEnded = true;
            next.onFailure(context, t);
        }
    }

    private final class AfterBody extends TailCall {
        private static final long serialVersionUID = 1L;

        @Override
        protected void finished(StepContext context) throws Exception {
            afterBody();
        }
    }
}
