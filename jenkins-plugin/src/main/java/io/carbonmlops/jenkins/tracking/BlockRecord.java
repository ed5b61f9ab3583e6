package io.carbonmlops.jenkins.tracking;

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
 */
public record BlockRecord(TrackingSettings settings, BuildInfo build, String meterId, BodyOutcome outcome,
        Optional<Measurement> measurement, Optional<CarbonFootprint> footprint, Optional<StartedRun> run,
        CarbonRunSummary summary) {
    public BlockRecord {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(measurement, "measurement");
        Objects.requireNonNull(footprint, "footprint");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(summary, "summary");
    }
}
