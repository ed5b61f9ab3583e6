package io.carbonmlops.jenkins.schedule;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as a Pipeline writes them: {@code 90m}, {@code 2h}, {@code 1.5h}, {@code 30s}, or ISO-8601 {@code PT2H}. */
public final class StepDurations {
    private static final Pattern AMOUNT_AND_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(s|m|h|d)");

    private StepDurations() {}

    /** @throws IllegalArgumentException naming the parameter and how to write it */
    public static Duration parse(String parameter, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(parameter + ": is required, e.g. " + parameter + ": '2h'");
        }
        String trimmed = text.strip();
        Matcher matcher = AMOUNT_AND_UNIT.matcher(trimmed);
        Duration duration = null;
        if (matcher.matches()) {
            double seconds = Double.parseDouble(matcher.group(1)) * switch (matcher.group(2)) {
                case "s" -> 1;
                case "m" -> 60;
                case "h" -> 3600;
                default -> 86400;
            };
            duration = Duration.ofMillis(Math.round(seconds * 1000));
        } else if (trimmed.regionMatches(true, 0, "PT", 0, 2) || trimmed.regionMatches(true, 0, "P", 0, 1)) {
            try {
                duration = Duration.parse(trimmed.toUpperCase(java.util.Locale.ROOT));
            } catch (DateTimeParseException e) {
                duration = null;
            }
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(parameter + ": '" + text + "' is not a positive duration; write a number"
                    + " and a unit (s, m, h, d), e.g. '90m' or '2h'");
        }
        return duration;
    }
}
