package io.carbonmlops.jenkins.tracking;

import com.google.gson.JsonObject;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.carbon.CarbonFootprint;
import java.util.Objects;
import java.util.Optional;

/**
 * One finished block as the record sinks receive it.
 *
 * @param settings    the block's settings
 * @param build       where it ran
 * @param meterId     its meter's id (also the MLflow tag {@code carbon.meter_id})
 * @param outcome     how its body ended
 * @param measurement what the meter measured; empty when it could not be read
 * @param footprint   its CO2e; empty when it could not be computed
 * @param run         the MLflow run started before the body; empty when that failed
 * @param summary     the build page's line for it, with the MLflow delivery and every problem
 * @param shift       the measurement document's {@code shift} section when the block followed a
 *                    {@code waitForLowCarbon} ({@link BlockShift}); empty otherwise
 */
public record BlockRecord(TrackingSettings settings, BuildInfo build, String meterId, BodyOutcome outcome,
        Optional<Measurement> measurement, Optional<CarbonFootprint> footprint, Optional<StartedRun> run,
        CarbonRunSummary summary, Optional<JsonObject> shift) {
    public BlockRecord {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(measurement, "measurement");
        Objects.requireNonNull(footprint, "footprint");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(shift, "shift");
    }

    /** A block that followed no {@code waitForLowCarbon}. */
    public BlockRecord(TrackingSettings settings, BuildInfo build, String meterId, BodyOutcome outcome,
            Optional<Measurement> measurement, Optional<CarbonFootprint> footprint, Optional<StartedRun> run,
            CarbonRunSummary summary) {
        this(settings, build, meterId, outcome, measurement, footprint, run, summary, Optional.empty());
    }
}
