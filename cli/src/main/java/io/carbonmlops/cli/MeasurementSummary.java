package io.carbonmlops.cli;

import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.DeviceStatus;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.report.Figures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The short human summary {@code carbon measure} prints on stderr; every line starts with "carbon:". */
final class MeasurementSummary {
    static final String PREFIX = "carbon: ";

    private MeasurementSummary() {}

    /** Head line, one line per device and the energy totals; the warnings come last ({@link #warningLines}). */
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
        lines.add(String.format(Locale.ROOT, "  energy %s (IT), %s facility at PUE %s",
                Figures.energy(measurement.totalEnergyJoules()), Figures.energy(measurement.facilityEnergyJoules()),
                significant(measurement.pue(), 3)));
        return lines;
    }

    /**
     * The warnings. Verbose: every warning in full, as the JSON has them. Otherwise one line per device that is
     * estimated or not measured (its status note, which names the option that changes it), then the warnings that
     * are about something else (a device lost during the run, MIG, a GPU selection entry), and a pointer to the
     * details when some were condensed.
     */
    static List<String> warningLines(Measurement measurement, List<DeviceStatus> statuses, List<String> discoveryWarnings,
            boolean verbose) {
        List<String> lines = new ArrayList<>();
        if (verbose) {
            measurement.warnings().forEach(warning -> lines.add("  warning: " + oneLine(warning)));
            return lines;
        }
        List<DeviceStatus> noted = statuses.stream().filter(MeasurementSummary::hasNote).toList();
        noted.forEach(status -> lines.add("  " + noteLabel(status) + ": " + status.note()));
        boolean condensed = false;
        for (String warning : measurement.warnings()) {
            if (discoveryWarnings.contains(warning) && noted.stream().anyMatch(status -> isAbout(warning, status))) {
                condensed = true;
            } else {
                lines.add("  warning: " + oneLine(warning));
            }
        }
        if (condensed) {
            lines.add("  details: 'carbon devices', or 'carbon measure --verbose'");
        }
        return lines;
    }

    private static boolean hasNote(DeviceStatus status) {
        boolean worthANote = status.method().isEstimate() || status.method() == MeasurementMethod.UNAVAILABLE;
        return worthANote && !status.note().isBlank();
    }

    /** "gpu", "cpu", "ram" for a backend or the only device of its kind; "gpu 1" where the index tells them apart. */
    private static String noteLabel(DeviceStatus status) {
        String kind = status.device().kind().label();
        return status.device().index() < 0 || status.device().uuid() == null ? kind : kind + " " + status.device().index();
    }

    /** Discovery warnings start with the device ("gpu 0 (GPU-…): …", "gpu (NVML): …") or its kind ("cpu: …"). */
    private static boolean isAbout(String warning, DeviceStatus status) {
        return warning.startsWith(status.device().kind().label() + ":")
                || warning.startsWith(status.device().describe() + ":");
    }

    private static String deviceLabel(DeviceMeasurement device) {
        // describe() shows the UUID for GPUs and the name otherwise; GPUs also get their model name.
        return device.device().uuid() == null ? device.device().describe()
                : device.device().describe() + " " + device.device().name();
    }

    private static String deviceFigures(DeviceMeasurement device) {
        if (device.method() == MeasurementMethod.UNAVAILABLE) {
            return "not measured (see below)";
        }
        String estimate = device.method().isEstimate() ? " (estimate)" : "";
        String partial = device.partial() ? ", partial" : "";
        return String.format(Locale.ROOT, "%s  %s%s%s, mean %s W, peak %s W", Figures.energy(device.energyJoules()),
                device.method().label(), estimate, partial, significant(device.meanPowerWatts(), 3),
                significant(device.peakPowerWatts(), 3));
    }

    /** {@code digits} significant digits, never in scientific notation: 0.000706, 2.5, 250. */
    static String significant(double value, int digits) {
        return Figures.number(value, digits);
    }

    /** Warnings quoting native error text may span lines; the summary keeps one line per warning. */
    static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
