package io.carbonmlops.mlflow.gate.lineage;

import io.carbonmlops.meter.report.Figures;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One run counted against a budget, with its figure.
 *
 * @param co2eKg   the run's latest {@code carbon/co2e_kg}; empty when the run has no carbon record
 * @param deleted  the run is deleted; it still counts, since its emissions happened
 */
public record CountedRun(String runId, String runName, String experimentId, RunRelation relation,
        OptionalDouble co2eKg, boolean deleted) {

    public CountedRun {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(runName, "runName");
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(relation, "relation");
        Objects.requireNonNull(co2eKg, "co2eKg");
    }

    /** {@code 3f2a… "train" (source) 1.2 kg CO2e} as explanations print it. */
    public String describe() {
        String name = runName.isEmpty() ? "" : " \"" + runName + "\"";
        String figure = co2eKg.isPresent() ? Figures.co2e(co2eKg.getAsDouble()) : "no carbon record";
        return runId + name + " (" + relation.name().toLowerCase(java.util.Locale.ROOT)
                + (deleted ? ", deleted" : "") + ") " + figure;
    }
}
