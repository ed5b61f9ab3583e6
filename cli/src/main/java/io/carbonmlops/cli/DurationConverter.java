package io.carbonmlops.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses durations people write: {@code 100ms}, {@code 1s}, {@code 1.5s}, {@code 2m}, {@code 1h}, or ISO-8601 {@code PT1S}. */
final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern AMOUNT_AND_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    @Override
    public Duration convert(String text) {
        String trimmed = text.trim();
        Matcher matcher = AMOUNT_AND_UNIT.matcher(trimmed);
        if (matcher.matches()) {
            double amount = Double.parseDouble(matcher.group(1));
            double nanosPerUnit = switch (matcher.group(2)) {
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            return Duration.ofNanos(Math.round(amount * nanosPerUnit));
        }
        if (trimmed.startsWith("PT") || trimmed.startsWith("pt")) {
            try {
                return Duration.parse(trimmed);
            } catch (DateTimeParseException e) {
                // fall through to the common message
            }
        }
        throw new TypeConversionException("'" + text + "' is not a duration: write a number and a unit, "
                + "for example 100ms, 1s, 2m or 1h");
    }
}
