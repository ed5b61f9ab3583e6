package io.carbonmlops.cli;

import io.carbonmlops.meter.carbon.schedule.ShiftRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.OptionalDouble;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The job to place in time, shared by {@code carbon when} and {@code carbon wait}: how long it runs, by when it must
 * have ended ({@code --within} from now, or an absolute {@code --deadline}), and its average power for kg figures.
 */
final class ScheduleOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--duration", required = true, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the job runs, e.g. 2h or 90m.")
    Duration duration;

    @Option(names = "--within", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "The job must have ended this long from now, e.g. 12h (or give --deadline).")
    Duration within;

    @Option(names = "--deadline", paramLabel = "TIME",
            description = "The job must have ended by this ISO-8601 time with an offset, e.g. 2026-12-01T06:00Z.")
    String deadline;

    @Option(names = "--power", paramLabel = "WATTS",
            description = "The job's average power draw, for expected kg CO2e (without it: g/kWh and %% only).")
    Double powerWatts;

    /** The request as of {@code now}; a past or too-close deadline fails here, before anything waits or runs. */
    ShiftRequest request(String zone, Instant now) {
        if ((within == null) == (deadline == null)) {
            throw new ParameterException(mixee.commandLine(), "give exactly one of --within DURATION (e.g. 12h) and "
                    + "--deadline TIME (e.g. 2026-12-01T06:00Z)");
        }
        try {
            ShiftRequest request = new ShiftRequest(zone, duration, within != null ? now.plus(within) : deadline(),
                    powerWatts == null ? OptionalDouble.empty() : OptionalDouble.of(powerWatts));
            request.requireFeasibleAt(now);
            return request;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), e.getMessage());
        }
    }

    private Instant deadline() {
        try {
            return OffsetDateTime.parse(deadline.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new ParameterException(mixee.commandLine(), "--deadline '" + deadline + "' is not an ISO-8601 time"
                    + " with an offset: write e.g. 2026-12-01T06:00Z or 2026-12-01T07:00+01:00");
        }
    }
}
