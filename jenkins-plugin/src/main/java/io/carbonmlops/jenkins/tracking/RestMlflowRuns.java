package io.carbonmlops.jenkins.tracking;

import com.google.gson.JsonObject;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.carbon.CarbonFootprint;
import io.carbonmlops.mlflow.CarbonRecord;
import io.carbonmlops.mlflow.CarbonRunLogger;
import io.carbonmlops.mlflow.FootprintFigures;
import io.carbonmlops.mlflow.MlflowRun;
import io.carbonmlops.mlflow.RunStatus;
import io.carbonmlops.mlflow.RunTarget;
import io.carbonmlops.mlflow.ShiftFigures;
import io.carbonmlops.mlflow.Spool;
import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowException;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link MlflowRuns} over mlflow-carbon's REST client, logger and spool. Undeliverable records go to the spool of
 * the controller's user ({@code ~/.carbon/spool}, or {@code CARBON_SPOOL_DIR}); each later block, and
 * {@code carbon mlflow flush}, delivers them.
 */
final class RestMlflowRuns implements MlflowRuns {
    /** The run's "Source" in the MLflow UI is the job. */
    private static final String JOB_TAG = "jenkins.job";
    private final MlflowAccess access;
    private final Spool spool;

    RestMlflowRuns(MlflowAccess access) {
        this(access, Spool.fromEnvironment(System.getenv()));
    }

    RestMlflowRuns(MlflowAccess access, Spool spool) {
        this.access = access;
        this.spool = spool;
    }

    @Override
    public StartedRun start(String experiment, String runName, String existingRunId, Map<String, String> tags)
            throws IOException {
        RunTarget target = existingRunId != null ? RunTarget.existing(existingRunId)
                : RunTarget.create(experiment, runName, Instant.now().toEpochMilli()).withSourceName(tags.get(JOB_TAG));
        try (CarbonRunLogger logger = logger()) {
            MlflowRun run = logger.openRun(target);
            if (run.runId().isEmpty() || run.experimentId().isEmpty()) {
                throw new IOException("MLflow at " + access.trackingUri() + " is unreachable");
            }
            String runId = run.runId().get();
            setTags(logger.client(), runId, tags);
            return new StartedRun(run.experimentId().get(), runId, run.createdHere(), runUrl(run.experimentId().get(), runId));
        } catch (MlflowException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public Delivery log(StartedRun run, String experiment, String runName, Measurement measurement,
            Optional<CarbonFootprint> footprint, Optional<JsonObject> shift, Map<String, String> tags,
            BodyOutcome outcome) throws IOException {
        try (CarbonRunLogger logger = logger()) {
            MlflowRun target = run != null
                    ? new MlflowRun(RunTarget.existing(run.runId()), Optional.of(run.runId()), Optional.of(run.experimentId()),
                            OptionalLong.empty(), run.created())
                    : logger.openRun(RunTarget.create(experiment, runName, measurement.startedAt().toEpochMilli())
                            .withSourceName(tags.get(JOB_TAG)));
            CarbonRecord record = CarbonRecord.of(measurement, footprint.map(FootprintFigures::from)).withContext(tags)
                    .withShift(shift.flatMap(RestMlflowRuns::shiftFigures));
            CarbonRunLogger.Delivery delivery = logger.log(target, record);
            if (delivery.delivered() && target.runId().isPresent()) {
                setTags(logger.client(), target.runId().get(), tags);
            }
            CarbonRunLogger.Delivery end = logger.endRun(target, status(outcome));
            return delivery.delivered() && end.delivered() ? Delivery.LOGGED : Delivery.SPOOLED;
        } catch (MlflowException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void endWithoutRecord(StartedRun run, Map<String, String> tags, BodyOutcome outcome) throws IOException {
        try (CarbonRunLogger logger = logger()) {
            setTags(logger.client(), run.runId(), tags);
            MlflowRun target = new MlflowRun(RunTarget.existing(run.runId()), Optional.of(run.runId()),
                    Optional.of(run.experimentId()), OptionalLong.empty(), run.created());
            CarbonRunLogger.Delivery end = logger.endRun(target, status(outcome));
            if (!end.delivered()) {
                throw new IOException(end.error().orElse("MLflow did not accept the end of run " + run.runId()));
            }
        } catch (MlflowException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The section read as {@code carbon wait}'s measurement document is read: one way to the shift's tags. */
    private static Optional<ShiftFigures> shiftFigures(JsonObject shift) {
        JsonObject document = new JsonObject();
        document.add("shift", shift);
        return ShiftFigures.fromMeasurementJson(document);
    }

    /** The run's page in the MLflow UI. */
    String runUrl(String experimentId, String runId) {
        return access.trackingUri().replaceAll("/+$", "") + "/#/experiments/" + experimentId + "/runs/" + runId;
    }

    static RunStatus status(BodyOutcome outcome) {
        return switch (outcome) {
            case SUCCESS -> RunStatus.FINISHED;
            case FAILURE -> RunStatus.FAILED;
            case ABORTED -> RunStatus.KILLED;
        };
    }

    /** A logger with this build's credentials: it delivers (and spools) only what these credentials may. */
    private CarbonRunLogger logger() {
        return new CarbonRunLogger(new MlflowClient(access.config()), spool);
    }

    private static void setTags(MlflowClient client, String runId, Map<String, String> tags) {
        tags.forEach((key, value) -> {
            JsonObject tag = new JsonObject();
            tag.addProperty("run_id", runId);
            tag.addProperty("key", key);
            tag.addProperty("value", value);
            client.post("runs/set-tag", tag, MlflowClient.Retry.SAFE);
        });
    }
}
