package io.carbonmlops.meter;

import java.util.Objects;

/**
 * What discovery found for one device: how it will be measured, or why it cannot be.
 *
 * @param device the device (for a backend that found nothing at all, a placeholder such as {@code gpu (NVML)}, index -1)
 * @param method the method that will be used, {@link MeasurementMethod#UNAVAILABLE} when none
 * @param detail a sentence for people: the counter used, or the cause and the remedy
 * @param note   the same in one short line for the measure summary (estimates and unmeasured devices), naming the
 *               option that fixes it; empty when there is nothing to say there
 */
public record DeviceStatus(DeviceId device, MeasurementMethod method, String detail, String note) {
    private static final int NOTE_LENGTH = 140;

    public DeviceStatus {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(note, "note");
    }

    /** A status whose note is its detail, cut to one short line. */
    public DeviceStatus(DeviceId device, MeasurementMethod method, String detail) {
        this(device, method, detail, shorten(detail));
    }

    /** The first {@value #NOTE_LENGTH} characters of {@code text} on one line, cut at a word with "…". */
    public static String shorten(String text) {
        String line = text.strip().replaceAll("\\s*\\R\\s*", " ");
        if (line.length() <= NOTE_LENGTH) {
            return line;
        }
        int cut = line.lastIndexOf(' ', NOTE_LENGTH - 1);
        return line.substring(0, cut > NOTE_LENGTH / 2 ? cut : NOTE_LENGTH - 1) + "…";
    }
}
