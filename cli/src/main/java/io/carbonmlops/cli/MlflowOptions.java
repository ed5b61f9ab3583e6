package io.carbonmlops.cli;

import com.google.gson.JsonObject;
import io.carbonmlops.mlflow.CarbonRecord;
import io.carbonmlops.mlflow.CarbonRunLogger;
import io.carbonmlops.mlflow.FootprintFigures;
import io.carbonmlops.mlflow.MlflowRun;
import io.carbonmlops.mlflow.RunStatus;
import io.carbonmlops.mlflow.RunTarget;
import io.carbonmlops.mlflow.ShiftFigures;
import io.carbonmlops.mlflow.client.MlflowConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The MLflow options of {@code carbon measure}: before the command, attach to a run ({@code --mlflow-run-id}, else
 * {@code MLFLOW_RUN_ID}) or create one in {@code --mlflow-experiment}, and hand the command {@code MLFLOW_TRACKING_URI},
 * {@code MLFLOW_RUN_ID} and {@code MLFLOW_EXPERIMENT_ID} so its own MLflow calls land in the same run; after it, log
 * the measurement (and the carbon figures the intensity options added) and end a run carbon created.
 * Without either option nothing is logged.
 */
final class MlflowOptions implements MeasureHook {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--mlflow-experiment", paramLabel = "NAME",
            description = "Log to MLflow (MLFLOW_TRACKING_URI): create a run in experiment NAME (created if missing), "
                    + "unless --mlflow-run-id or MLFLOW_RUN_ID names one.")
    String experiment;

    @Option(names = "--mlflow-run-id", paramLabel = "ID", description = "Log into this existing MLflow run.")
    String runId;

    @Option(names = "--run-name", paramLabel = "NAME", description = "Name of the MLflow run carbon creates.")
    String runName;

    @Option(names = "--mlflow-stage", paramLabel = "STAGE",
            description = "Pipeline stage this measurement is, for per-stage figures (carbon/stage/STAGE/...).")
    String stage;

    private static final Map<String, String> JENKINS_VARIABLES = Map.of("JOB_NAME", "job", "BUILD_NUMBER",
            "build_number", "BUILD_URL", "build_url", "NODE_NAME", "node", "STAGE_NAME", "stage");

    private final CliEnvironment environment;
    private CarbonRunLogger logger;
    private MlflowRun run;

    MlflowOptions(CliEnvironment environment) {
        this.environment = environment;
    }

    private boolean enabled() {
        return experiment != null || runId != null;
    }

    @Override
    public void beforeCommand(Map<String, String> childEnvironment) {
        if (!enabled()) {
            return;
        }
        if (!MlflowConfig.isConfigured(environment.env())) {
            throw new ParameterException(mixee.commandLine(), MlflowConfig.TRACKING_URI
                    + " is not set: export it (e.g. http://127.0.0.1:5000) to log to MLflow");
        }
        logger = CarbonRunLogger.fromEnvironment(environment.env());
        run = logger.openRun(target());
        childEnvironment.putAll(run.childEnvironment(logger.client().config()));
    }

    private RunTarget target() {
        String existing = runId != null ? runId : environment.env().get("MLFLOW_RUN_ID");
        if (existing != null && !existing.isBlank()) {
            return RunTarget.existing(existing);
        }
        List<String> command = mixee.userObject() instanceof MeasureCommand measure ? measure.command : null;
        return RunTarget.create(experiment, runName, environment.clock().wallTime().toEpochMilli())
                .withSourceName(command == null ? null : SourceName.of(command));
    }

    @Override
    public void afterCommand(MeasureOutcome outcome, JsonObject json, List<String> summaryLines) {
        if (logger == null) {
            return;
        }
        try (CarbonRunLogger closing = logger) {
            CarbonRecord measured = new CarbonRecord(CarbonRecord.newId(), Optional.ofNullable(stage),
                    outcome.measurement(), FootprintFigures.fromMeasurementJson(json), jenkinsContext())
                    .withShift(ShiftFigures.fromMeasurementJson(json));
            CarbonRecord record = PredictionOptions.predictionCount(json).stream().boxed().findFirst()
                    .map(measured::withPredictions).orElse(measured);
            CarbonRunLogger.Delivery logged = closing.log(run, record);
            RunStatus status = outcome.stoppedBy().isPresent() ? RunStatus.KILLED : RunStatus.forExitCode(outcome.exitCode());
            CarbonRunLogger.Delivery ended = closing.endRun(run, status);
            JsonObject mlflow = new JsonObject();
            mlflow.addProperty("tracking_uri", closing.client().config().trackingUri().toString());
            logged.runId().or(run::runId).ifPresent(id -> mlflow.addProperty("run_id", id));
            run.experimentId().ifPresent(id -> mlflow.addProperty("experiment_id", id));
            mlflow.addProperty("record_id", record.recordId());
            mlflow.addProperty("delivered", logged.delivered() && ended.delivered());
            json.add("mlflow", mlflow);
            summaryLines.add(summary(closing, logged, ended));
        }
    }

    /** Inside a Jenkins {@code sh} step the build's variables become {@code carbon.context.*} tags. */
    private Map<String, String> jenkinsContext() {
        Map<String, String> context = new LinkedHashMap<>();
        JENKINS_VARIABLES.forEach((variable, key) -> {
            String value = environment.env().get(variable);
            if (value != null && !value.isBlank()) {
                context.put(key, value);
            }
        });
        return context;
    }

    private String summary(CarbonRunLogger closing, CarbonRunLogger.Delivery logged, CarbonRunLogger.Delivery ended) {
        if (logged.delivered() && ended.delivered()) {
            String link = run.experimentId().flatMap(exp -> logged.runId().map(id ->
                    " " + closing.client().config().trackingUri() + "/#/experiments/" + exp + "/runs/" + id)).orElse("");
            return "  mlflow: logged to " + run.describe() + link;
        }
        return "  mlflow: not delivered, spooled: " + logged.error().or(ended::error).orElse("unknown error");
    }
}
