package io.carbonmlops.mlflow.gate.lineage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The runs counted for one model version, in the order they were found (source runs first).
 *
 * @param runs    each run once
 * @param problem why the set is incomplete (too many runs or entries); the gate then refuses
 * @param notes   things worth showing that do not change the figure (entries not counted, a parent without entries, …)
 */
public record Lineage(List<CountedRun> runs, Optional<String> problem, List<String> notes) {

    public Lineage {
        runs = List.copyOf(runs);
        Objects.requireNonNull(problem, "problem");
        notes = List.copyOf(notes);
    }

    public static Lineage empty() {
        return new Lineage(List.of(), Optional.empty(), List.of());
    }

    /** Sum of the runs that have a carbon record; empty when none has. */
    public OptionalDouble co2eKg() {
        double total = 0;
        boolean any = false;
        for (CountedRun run : runs) {
            if (run.co2eKg().isPresent()) {
                total += run.co2eKg().getAsDouble();
                any = true;
            }
        }
        return any ? OptionalDouble.of(total) : OptionalDouble.empty();
    }

    /** Every counted entry, each once. */
    public List<CarbonEntry> entries() {
        return runs.stream().flatMap(run -> run.entries().stream()).toList();
    }
}
