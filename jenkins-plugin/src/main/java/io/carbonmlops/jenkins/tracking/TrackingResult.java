package io.carbonmlops.jenkins.tracking;

import java.util.List;
import java.util.Objects;

/**
 * What the end of a tracked block produced: the summary for the build page and every problem met on the way
 * (metering, CO2e, MLflow), each a sentence for the build log.
 */
public record TrackingResult(CarbonRunSummary summary, List<String> problems) {
    public TrackingResult {
        Objects.requireNonNull(summary, "summary");
        problems = List.copyOf(problems);
    }
}
