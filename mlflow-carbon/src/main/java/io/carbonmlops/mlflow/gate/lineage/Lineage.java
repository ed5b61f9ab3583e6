package io.carbonmlops.mlflow.gate.lineage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The runs counted for one model version, in the order they were found (source first).
 *
 * @param runs    each run once
 * @param problem why the set is incomplete (too many runs, a filter that cannot be expressed); the gate then refuses
 * @param notes   things worth showing that do not change the figure (a parent that no longer exists, …)
 */
public record Lineage(List<CountedRun> runs, Optional<String> problem, List<String> notes) {

    public Lineage {
        runs = List.copyOf(runs);
        Objects.requireNonNull(problem, "problem");
        notes = List.copyOf(notes);
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
}
