package io.carbonmlops.meter;

import java.util.List;
import java.util.Objects;

/**
 * Energy one device drew during one measurement window.
 *
 * @param device        which device
 * @param energyJoules  energy over the window (IT energy, before PUE); 0 only when truly measured as 0 or
 *                      when {@code method} is {@link MeasurementMethod#UNAVAILABLE}
 * @param method        how the figure was obtained
 * @param meanPowerWatts energy divided by the window's duration
 * @param peakPowerWatts highest power seen between two successive readings
 * @param powerSeries   downsampled power time series (bounded in size, see {@link PowerSeries})
 * @param partial       true when the device stopped answering during the window (energy up to then is reported)
 */
public record DeviceMeasurement(
        DeviceId device,
        double energyJoules,
        MeasurementMethod method,
        double meanPowerWatts,
        double peakPowerWatts,
        List<PowerSample> powerSeries,
        boolean partial) {

    public DeviceMeasurement {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(method, "method");
        if (energyJoules < 0 || Double.isNaN(energyJoules)) {
            throw new IllegalArgumentException("energy of " + device.describe() + " must be >= 0 J, was " + energyJoules);
        }
        powerSeries = List.copyOf(powerSeries);
    }
}
