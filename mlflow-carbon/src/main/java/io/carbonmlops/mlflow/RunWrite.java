package io.carbonmlops.mlflow;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one record writes into a run, fixed before the first byte is sent so that a replay from the spool
 * sends exactly the same thing. The {@code markerKey} tag is written last: once it is on the run the record is
 * complete and a replay only recomputes the totals.
 *
 * @param recordId    the record's id (the spool file name)
 * @param trackingUri the MLflow server it is meant for
 * @param target      the run
 * @param metrics     metric points (power history), fixed timestamps
 * @param tags        run tags ({@code carbon.*})
 * @param artifacts   relative artifact path to UTF-8 text (JSON, HTML)
 * @param markerKey   {@code carbon.record.<id>}, or {@code null} for a write without a record (ending a run)
 * @param markerValue the record's summary JSON, from which totals are derived
 * @param endStatus   status to end the run with after the write, or {@code null} to leave it running
 */
public record RunWrite(
        String recordId,
        String trackingUri,
        RunTarget target,
        List<MetricPoint> metrics,
        Map<String, String> tags,
        Map<String, String> artifacts,
        String markerKey,
        String markerValue,
        RunStatus endStatus) {

    public RunWrite {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(trackingUri, "trackingUri");
        Objects.requireNonNull(target, "target");
        metrics = List.copyOf(metrics);
        tags = Map.copyOf(tags);
        artifacts = Map.copyOf(artifacts);
    }

    /** A write that only ends a run. */
    public static RunWrite endRun(String trackingUri, RunTarget target, RunStatus status) {
        return new RunWrite("end-" + CarbonRecord.newId(), trackingUri, target, List.of(), Map.of(), Map.of(), null,
                null, status);
    }

    public RunWrite withTarget(RunTarget resolved) {
        return new RunWrite(recordId, trackingUri, resolved, metrics, tags, artifacts, markerKey, markerValue, endStatus);
    }

    public RunWrite withEndStatus(RunStatus status) {
        return new RunWrite(recordId, trackingUri, target, metrics, tags, artifacts, markerKey, markerValue, status);
    }
}
