package io.carbonmlops.cli;

import io.carbonmlops.meter.Measurement;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code carbon measure} observed: the measurement and how the command ended.
 *
 * @param command       the measured command and its arguments (never written to reports: arguments may hold secrets)
 * @param measurement   the energy measurement over the command's lifetime
 * @param exitCode      the command's exit code, 128 + N when it died from signal N
 * @param stoppedBy     the signal carbon received and stopped the command for ("SIGTERM"), if any
 */
public record MeasureOutcome(List<String> command, Measurement measurement, int exitCode, Optional<String> stoppedBy) {
    public MeasureOutcome {
        command = List.copyOf(command);
        Objects.requireNonNull(measurement, "measurement");
        Objects.requireNonNull(stoppedBy, "stoppedBy");
    }
}
