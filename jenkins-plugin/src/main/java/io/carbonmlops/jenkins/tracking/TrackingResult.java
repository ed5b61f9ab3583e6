package io.carbonmlops.jenkins.tracking;

import java.util.List;
import java.util.Objects;

/**
 * What the end of a tracked block produced: the summary for the build page, every problem met on the way
 * (metering, CO2e, MLflow), each a sentence for the build log, and whether the record is safe (logged to MLflow or
 * spooled), so the agent's journal may go; {@code notes} are further lines for the build log (the shift's saving).
 */
public record TrackingResult(CarbonRunSummary summary, List<String> problems, boolean recordSafe, List<String> notes) {
    public TrackingResult {
        Objects.requireNonNull(summary, "summary");
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    public TrackingResult(CarbonRunSummary summary, List<String> problems, boolean recordSafe) {
        this(summary, problems, recordSafe, List.of());
    }
}
