package io.carbonmlops.meter.report;

import com.google.gson.JsonObject;
import io.carbonmlops.meter.Measurement;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A measurement read back from its JSON form.
 *
 * @param measurement  the measurement itself
 * @param exitCode     the measured command's exit code, when the document has one
 * @param meterVersion the carbon-mlops version that wrote it
 * @param json         the whole document, including fields this class does not model (carbon figures, context)
 */
public record MeasurementDocument(Measurement measurement, OptionalInt exitCode, String meterVersion, JsonObject json) {
    public MeasurementDocument {
        Objects.requireNonNull(measurement, "measurement");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(meterVersion, "meterVersion");
        Objects.requireNonNull(json, "json");
    }
}
