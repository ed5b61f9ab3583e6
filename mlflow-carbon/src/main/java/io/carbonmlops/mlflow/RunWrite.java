package io.carbonmlops.mlflow;

import com.google.gson.annotations.SerializedName;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one record writes into a run, fixed before the first byte is sent so that a replay from the spool
 * sends exactly the same thing. The record's summary is written last, as the artifact {@link #summaryArtifact()}:
 * once it is in the run the record is complete and a replay only recomputes the totals.
 *
 * @param recordId      the record's id (the spool file name)
 * @param trackingUri   the MLflow server it is meant for
 * @param target        the run
 * @param metrics       metric points (power history), fixed timestamps
 * @param tags          run tags ({@code carbon.*}), a fixed set of keys
 * @param artifacts     relative artifact path to UTF-8 text (JSON, HTML)
 * @param summary       the record's {@link RecordSummary} JSON, from which totals are derived, or {@code null} for a
 *                      write without a record (ending a run)
 * @param endStatus     status to end the run with after the write, or {@code null} to leave it running
 * @param endTimeMillis when the run ended (epoch ms), kept so that a run ended from the spool shows its real end;
 *                      0 when not known (spooled by an older version)
 */
public record RunWrite(
        String recordId,
        String trackingUri,
        RunTarget target,
        List<MetricPoint> metrics,
        Map<String, String> tags,
        Map<String, String> artifacts,
        @SerializedName(value = "summary", alternate = "markerValue") String summary,
        RunStatus endStatus,
        long endTimeMillis) {

    /** Where record summaries are kept in a run: one small file per record, never a tag or metric key per record. */
    public static final String RECORDS_DIR = "carbon/records";

    public RunWrite {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(trackingUri, "trackingUri");
        Objects.requireNonNull(target, "target");
        metrics = List.copyOf(metrics);
        tags = Map.copyOf(tags);
        artifacts = Map.copyOf(artifacts);
    }

    /** A write that only ends a run, at {@code endTimeMillis}. */
    public static RunWrite endRun(String trackingUri, RunTarget target, RunStatus status, long endTimeMillis) {
        return new RunWrite("end-" + CarbonRecord.newId(), trackingUri, target, List.of(), Map.of(), Map.of(), null,
                status, endTimeMillis);
    }

    /** {@code carbon/records/<recordId>.json}. */
    public String summaryArtifact() {
        return RECORDS_DIR + "/" + recordId + ".json";
    }

    public RunWrite withEndStatus(RunStatus status, long endedMillis) {
        return new RunWrite(recordId, trackingUri, target, metrics, tags, artifacts, summary, status, endedMillis);
    }
}
