package io.carbonmlops.meter;

import java.util.Objects;

/**
 * What discovery found for one device: how it will be measured, or why it cannot be.
 *
 * @param device the device (for a backend that found nothing at all, a placeholder such as {@code gpu (NVML)}, index -1)
 * @param method the method that will be used, {@link MeasurementMethod#UNAVAILABLE} when none
 * @param detail a sentence for people: the counter used, or the cause and the remedy
 */
public record DeviceStatus(DeviceId device, MeasurementMethod method, String detail) {
    public DeviceStatus {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(detail, "detail");
    }
}
