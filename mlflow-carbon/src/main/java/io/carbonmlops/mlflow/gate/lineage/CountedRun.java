package io.carbonmlops.mlflow.gate.lineage;

import io.carbonmlops.meter.report.Figures;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * One run counted against a budget, with the trusted ledger entries attributed to it.
 *
 * @param runId    the MLflow run id, or {@code entry <id>} for an entry that names no run
 * @param entries  its counted entries, in chain order; none when the run has no trusted carbon record
 */
public record CountedRun(String runId, RunRelation relation, List<CarbonEntry> entries) {

    public CountedRun {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(relation, "relation");
        entries = List.copyOf(entries);
    }

    /** Sum of the entries' {@code co2e_kg}; empty when none has one. */
    public OptionalDouble co2eKg() {
        double total = 0;
        boolean any = false;
        for (CarbonEntry entry : entries) {
            if (entry.co2eKg().isPresent()) {
                total += entry.co2eKg().getAsDouble();
                any = true;
            }
        }
        return any ? OptionalDouble.of(total) : OptionalDouble.empty();
    }

    /** {@code 3f2a… (source) 1.2 kg CO2e from 2 entries signed by jenkins-prod} as explanations print it. */
    public String describe() {
        String figure = co2eKg().isPresent() ? Figures.co2e(co2eKg().getAsDouble()) : "no carbon record";
        String from = entries.isEmpty() ? "" : " from " + entries.size() + (entries.size() == 1 ? " entry" : " entries")
                + " signed by " + String.join(", ", new TreeSet<>(entries.stream().map(CarbonEntry::signer).toList()));
        return runId + " (" + relation.name().toLowerCase(java.util.Locale.ROOT) + ") " + figure + from;
    }
}
