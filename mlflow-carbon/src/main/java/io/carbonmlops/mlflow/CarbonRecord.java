package io.carbonmlops.mlflow;

import io.carbonmlops.meter.Measurement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One measurement to log into a run: the unit of delivery, spooling and de-duplication.
 *
 * @param recordId    unique id; logging the same id twice into a run counts it once
 * @param stage       the pipeline stage it measured, if the run has several metered stages
 * @param measurement the meter's result
 * @param footprint   its carbon figures, when an intensity was available
 * @param context     caller context for tags ({@code job}, {@code build_number}, {@code build_url}, {@code node}, …)
 * @param shift       the carbon-aware shift the work was started on, if any
 * @param predictions predictions the measured work served (an inference window or batch-inference job); empty for
 *                    training and other work
 */
public record CarbonRecord(
        String recordId,
        Optional<String> stage,
        Measurement measurement,
        Optional<FootprintFigures> footprint,
        Map<String, String> context,
        Optional<ShiftFigures> shift,
        OptionalLong predictions) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public CarbonRecord {
        Objects.requireNonNull(recordId, "recordId");
        if (!ID.matcher(recordId).matches()) {
            throw new IllegalArgumentException("record id must be 1-64 of [A-Za-z0-9_-], was '" + recordId + "'");
        }
        stage = Objects.requireNonNull(stage, "stage").filter(s -> !s.isBlank());
        Objects.requireNonNull(measurement, "measurement");
        Objects.requireNonNull(footprint, "footprint");
        context = Map.copyOf(new LinkedHashMap<>(context));
        Objects.requireNonNull(shift, "shift");
        Objects.requireNonNull(predictions, "predictions");
        if (predictions.isPresent() && predictions.getAsLong() < 0) {
            throw new IllegalArgumentException("prediction count must be >= 0, was " + predictions.getAsLong());
        }
    }

    /** A record that counted no predictions. */
    public CarbonRecord(String recordId, Optional<String> stage, Measurement measurement,
            Optional<FootprintFigures> footprint, Map<String, String> context, Optional<ShiftFigures> shift) {
        this(recordId, stage, measurement, footprint, context, shift, OptionalLong.empty());
    }

    /** A record without a carbon-aware shift. */
    public CarbonRecord(String recordId, Optional<String> stage, Measurement measurement,
            Optional<FootprintFigures> footprint, Map<String, String> context) {
        this(recordId, stage, measurement, footprint, context, Optional.empty(), OptionalLong.empty());
    }

    /** The same record, started on a carbon-aware shift ({@code carbon wait}). */
    public CarbonRecord withShift(Optional<ShiftFigures> newShift) {
        return new CarbonRecord(recordId, stage, measurement, footprint, context, newShift, predictions);
    }

    /** The same record, of work that served {@code count} predictions (per-1k figures in the run). */
    public CarbonRecord withPredictions(long count) {
        return new CarbonRecord(recordId, stage, measurement, footprint, context, shift, OptionalLong.of(count));
    }

    /** A record with a fresh id, no stage and no context. */
    public static CarbonRecord of(Measurement measurement, Optional<FootprintFigures> footprint) {
        return new CarbonRecord(newId(), Optional.empty(), measurement, footprint, Map.of());
    }

    public CarbonRecord withStage(String newStage) {
        return new CarbonRecord(recordId, Optional.ofNullable(newStage), measurement, footprint, context, shift,
                predictions);
    }

    public CarbonRecord withContext(Map<String, String> newContext) {
        return new CarbonRecord(recordId, stage, measurement, footprint, newContext, shift, predictions);
    }

    public static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
