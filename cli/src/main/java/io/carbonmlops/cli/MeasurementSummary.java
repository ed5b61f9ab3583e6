package io.carbonmlops.cli;

import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementMethod;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The short human summary {@code carbon measure} prints on stderr; every line starts with "carbon:". */
final class MeasurementSummary {
    static final String PREFIX = "carbon: ";

    private MeasurementSummary() {}

    /** Head line, one line per device, the energy totals and the warnings. */
    static List<String> lines(MeasureOutcome outcome) {
        Measurement measurement = outcome.measurement();
        List<String> lines = new ArrayList<>();
        String stopped = outcome.stoppedBy().map(s -> ", stopped on " + s).orElse("");
        lines.add(String.format(Locale.ROOT, "measured %s s, exit code %d%s",
                significant(measurement.durationSeconds(), 4), outcome.exitCode(), stopped));
        int labelWidth = measurement.devices().stream().mapToInt(d -> deviceLabel(d).length()).max().orElse(0);
        for (DeviceMeasurement device : measurement.devices()) {
            lines.add("  " + pad(deviceLabel(device), labelWidth) + "  " + deviceFigures(device));
        }
        lines.add(String.format(Locale.ROOT, "  energy %s kWh (IT), %s kWh facility at PUE %s",
                significant(Measurement.joulesToKwh(measurement.totalEnergyJoules()), 3),
                significant(Measurement.joulesToKwh(measurement.facilityEnergyJoules()), 3),
                significant(measurement.pue(), 3)));
        measurement.warnings().forEach(warning -> lines.add("  warning: " + oneLine(warning)));
        return lines;
    }

    private static String deviceLabel(DeviceMeasurement device) {
        // describe() shows the UUID for GPUs and the name otherwise; GPUs also get their model name.
        return device.device().uuid() == null ? device.device().describe()
                : device.device().describe() + " " + device.device().name();
    }

    private static String deviceFigures(DeviceMeasurement device) {
        if (device.method() == MeasurementMethod.UNAVAILABLE) {
            return "not measured (see warnings)";
        }
        String estimate = device.method().isEstimate() ? " (estimate)" : "";
        String partial = device.partial() ? ", partial" : "";
        return String.format(Locale.ROOT, "%s  %s%s%s, mean %s W, peak %s W", joules(device.energyJoules()),
                device.method().label(), estimate, partial, significant(device.meanPowerWatts(), 3),
                significant(device.peakPowerWatts(), 3));
    }

    /** Energy in J, kJ or MJ with three significant digits. */
    static String joules(double joules) {
        if (joules >= 1e6) {
            return significant(joules / 1e6, 3) + " MJ";
        }
        if (joules >= 1e3) {
            return significant(joules / 1e3, 3) + " kJ";
        }
        return significant(joules, 3) + " J";
    }

    /** {@code digits} significant digits, never in scientific notation: 0.000706, 2.5, 250. */
    static String significant(double value, int digits) {
        if (value == 0 || !Double.isFinite(value)) {
            return value == 0 ? "0" : Double.toString(value);
        }
        return new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
    }

    /** Warnings quoting native error text may span lines; the summary keeps one line per warning. */
    static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
