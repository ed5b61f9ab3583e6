package io.carbonmlops.jenkins.tracking;

import com.google.gson.JsonObject;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.carbon.CarbonFootprint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The before-body and after-body logic of {@code withCarbonTracking}, free of Jenkins: the step's execution calls
 * {@link #begin} and {@link #end} off the Pipeline thread and only adds the Jenkins plumbing around them.
 *
 * <p>Failures of metering, accounting or MLflow never throw from here: they are collected as sentences so that
 * the step can print them and fail only when the user asked for it ({@code failOnError}).
 */
public final class TrackingSession {
    private final MlflowRuns mlflow;
    private final FootprintCalculator footprints;
    private final List<RecordSink> sinks;

    public TrackingSession(MlflowRuns mlflow, FootprintCalculator footprints) {
        this(mlflow, footprints, List.of());
    }

    /** @param sinks where each finished block's record goes after MLflow, in order (the build page, …) */
    public TrackingSession(MlflowRuns mlflow, FootprintCalculator footprints, List<RecordSink> sinks) {
        this.mlflow = Objects.requireNonNull(mlflow, "mlflow");
        this.footprints = Objects.requireNonNull(footprints, "footprints");
        this.sinks = List.copyOf(sinks);
    }

    /** Creates or attaches the block's MLflow run; empty when MLflow failed (the problem says why). */
    public Optional<StartedRun> begin(TrackingSettings settings, BuildInfo build, String meterId, List<String> problems) {
        try {
            return Optional.of(mlflow.start(settings.experiment(), settings.runName(), settings.runId(),
                    JenkinsTags.atStart(build, settings, meterId)));
        } catch (IOException | RuntimeException e) {
            problems.add("MLflow run could not be " + (settings.runId() == null ? "created" : "attached") + " in experiment '"
                    + settings.experiment() + "': " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Stops the meter, computes CO2e and logs both. A run that could not be started before the body is created
     * here (or by the spool's flush), so an MLflow outage only costs the body's own MLflow calls, never the record.
     */
    public TrackingResult end(TrackingSettings settings, BuildInfo build, String meterId, StartedRun startedRun,
            MeterStopper meter, BodyOutcome outcome) throws InterruptedException {
        return end(settings, build, meterId, startedRun, meter, outcome, Optional.empty());
    }

    /**
     * The same, for a block that follows a {@code waitForLowCarbon}: its shift (decision, run-now counterfactual,
     * realised saving, {@link BlockShift}) goes to MLflow and the record sinks with the rest.
     *
     * @param plannedShift the planned half of the wait's {@code shift} section; empty when the block followed none
     */
    public TrackingResult end(TrackingSettings settings, BuildInfo build, String meterId, StartedRun startedRun,
            MeterStopper meter, BodyOutcome outcome, Optional<JsonObject> plannedShift) throws InterruptedException {
        List<String> problems = new ArrayList<>();
        Measurement measurement = stopMeter(meter, problems);
        CarbonFootprint footprint = measurement == null ? null : footprint(measurement, settings.zone(), problems);
        Optional<JsonObject> shift = BlockShift.account(plannedShift, measurement, footprint, settings.zone(),
                footprints, problems);
        MlflowRuns.Delivery delivery = null;
        if (measurement != null) {
            delivery = log(startedRun, measurement, footprint, shift, build, settings, meterId, outcome, problems);
        } else if (startedRun != null) {
            endWithoutRecord(startedRun, outcome, problems);
        }
        CarbonRunSummary summary = CarbonRunSummary.of(settings.runName(), build, outcome, measurement, footprint,
                startedRun, delivery, problems);
        deliver(new BlockRecord(settings, build, meterId, outcome, Optional.ofNullable(measurement),
                Optional.ofNullable(footprint), Optional.ofNullable(startedRun), summary, shift), problems);
        return new TrackingResult(summary, problems, delivery != null, shift.map(BlockShift::describe).stream().toList());
    }

    private void deliver(BlockRecord record, List<String> problems) {
        for (RecordSink sink : sinks) {
            try {
                sink.accept(record);
            } catch (IOException | RuntimeException e) {
                problems.add("the record could not be added to " + sink.name() + ": " + e.getMessage());
            }
        }
    }

    /** Tags and ends a run that gets no record (the block was refused, or its meter never started). */
    public void endUnmetered(StartedRun run, BodyOutcome outcome, List<String> problems) {
        endWithoutRecord(run, outcome, problems);
    }

    private void endWithoutRecord(StartedRun run, BodyOutcome outcome, List<String> problems) {
        Map<String, String> tags = new LinkedHashMap<>(JenkinsTags.atEnd(outcome));
        tags.put("carbon.status", "unmetered");
        try {
            mlflow.endWithoutRecord(run, tags, outcome);
        } catch (IOException | RuntimeException e) {
            problems.add("MLflow run " + run.runId() + " could not be ended: " + e.getMessage());
        }
    }

    private static Measurement stopMeter(MeterStopper meter, List<String> problems) throws InterruptedException {
        try {
            return meter.stop();
        } catch (IOException | RuntimeException e) {
            problems.add("energy could not be read from the meter: " + e.getMessage());
            return null;
        }
    }

    private CarbonFootprint footprint(Measurement measurement, String zone, List<String> problems) {
        try {
            return footprints.footprint(measurement, zone);
        } catch (RuntimeException e) {
            problems.add("CO2e could not be computed for zone '" + zone + "': " + e.getMessage()
                    + "; the energy is logged without it");
            return null;
        }
    }

    private MlflowRuns.Delivery log(StartedRun run, Measurement measurement, CarbonFootprint footprint,
            Optional<JsonObject> shift, BuildInfo build,
            TrackingSettings settings, String meterId, BodyOutcome outcome, List<String> problems) {
        Map<String, String> tags = new LinkedHashMap<>(JenkinsTags.atStart(build, settings, meterId));
        tags.putAll(JenkinsTags.atEnd(outcome));
        try {
            return mlflow.log(run, settings.experiment(), settings.runName(), measurement, Optional.ofNullable(footprint),
                    shift, tags, outcome);
        } catch (IOException | RuntimeException e) {
            problems.add("the carbon record could not be logged to MLflow "
                    + (run != null ? "run " + run.runId() : "experiment '" + settings.experiment() + "'")
                    + " nor spooled: " + e.getMessage());
            return null;
        }
    }
}
