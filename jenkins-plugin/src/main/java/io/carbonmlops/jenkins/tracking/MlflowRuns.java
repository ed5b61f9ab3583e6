package io.carbonmlops.jenkins.tracking;

import com.google.gson.JsonObject;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.carbon.CarbonFootprint;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** What a tracked block needs from MLflow: a run before the body, the carbon figures after it. */
public interface MlflowRuns {
    /**
     * Creates a run in the experiment (created if missing), or attaches to {@code existingRunId}, and sets the tags.
     *
     * @throws IOException when MLflow cannot be reached or refuses, with its message
     */
    StartedRun start(String experiment, String runName, String existingRunId, Map<String, String> tags) throws IOException;

    /**
     * Logs the measurement, its footprint when known, and the tags; ends the run if the block created it
     * (FAILED/KILLED for a failed or aborted body). Never loses the record: when MLflow is unreachable the record
     * is spooled for a later flush and {@link Delivery#SPOOLED} returned.
     *
     * @param run        the run started before the body; null when that failed: a run named {@code runName} is
     *                   then created in {@code experiment} (or, if MLflow is still down, the flush creates it)
     * @param shift      the {@code shift} section of a block that followed a {@code waitForLowCarbon}: logged as
     *                   {@code carbon wait} logs it (the {@code carbon.shift.*} tags, {@code carbon/shift_*} metrics)
     * @throws IOException only when the record could neither be logged nor spooled
     */
    Delivery log(StartedRun run, String experiment, String runName, Measurement measurement,
            Optional<CarbonFootprint> footprint, Optional<JsonObject> shift, Map<String, String> tags,
            BodyOutcome outcome) throws IOException;

    /**
     * Tags and ends a run when there is no record to log (the meter failed), so a run the block created is not left
     * RUNNING; a run it attached to is only tagged.
     *
     * @throws IOException when MLflow cannot be reached or refuses
     */
    void endWithoutRecord(StartedRun run, Map<String, String> tags, BodyOutcome outcome) throws IOException;

    /** How a record reached MLflow. */
    enum Delivery {
        LOGGED, SPOOLED;

        public String label() {
            return this == LOGGED ? "logged" : "spooled for a later flush";
        }
    }
}
