package io.carbonmlops.meter.inference;

import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.carbon.CarbonFootprint;
import java.util.Objects;
import java.util.Optional;

/**
 * One closed (or snapshot) inference window: the energy the devices drew and the predictions counted in it.
 *
 * @param model           the model version the predictions belong to
 * @param measurement     energy per device with its method, window and PUE (gross device energy: see
 *                        {@link InferenceMeter} on windows that share a device)
 * @param predictionCount predictions {@link InferenceMeter#record recorded} between the window's edges
 */
public record InferenceMeasurement(ModelVersion model, Measurement measurement, long predictionCount) {
    public InferenceMeasurement {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(measurement, "measurement");
        if (predictionCount < 0) {
            throw new IllegalArgumentException("prediction count must be >= 0, was " + predictionCount);
        }
    }

    /** Per-1k energy and load; CO2e per 1k when a footprint of this measurement is given. */
    public InferenceFigures figures(Optional<CarbonFootprint> footprint) {
        return InferenceFigures.of(measurement, predictionCount, footprint);
    }
}
