package io.carbonmlops.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceStatus;
import io.carbonmlops.meter.EnergyMeter;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.MeterConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code carbon devices}: what the meter finds on this machine, how it would measure each device, or why it cannot. */
@Command(name = "devices",
        mixinStandardHelpOptions = true,
        header = "List what can be measured on this machine, by which method, and why not where not.",
        description = "Opens the meter the way 'carbon measure' does (same device options) and lists every device "
                + "it found. Estimates are marked; unavailable devices carry the cause and the remedy.",
        sortOptions = false)
public final class DevicesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    MeterOptions meterOptions;

    @Option(names = "--json", description = "Print the list as JSON on stdout.")
    boolean json;

    private final CliEnvironment environment;

    public DevicesCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        List<DeviceStatus> statuses;
        try (EnergyMeter meter = EnergyMeter.open(meterConfig(), environment.env(), environment.clock())) {
            statuses = meter.devices();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            CliJson.print(out, toJson(statuses));
        } else {
            printTable(statuses, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private MeterConfig meterConfig() {
        try {
            return meterOptions.applyTo(MeterConfig.defaults());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid meter setting: " + e.getMessage());
        }
    }

    private static void printTable(List<DeviceStatus> statuses, PrintWriter out) {
        int deviceWidth = "DEVICE".length();
        int methodWidth = "METHOD".length();
        for (DeviceStatus status : statuses) {
            deviceWidth = Math.max(deviceWidth, deviceLabel(status.device()).length());
            methodWidth = Math.max(methodWidth, methodLabel(status.method()).length());
        }
        String format = "%-4s  %-" + deviceWidth + "s  %-" + methodWidth + "s  %s%n";
        out.printf(format, "KIND", "DEVICE", "METHOD", "DETAIL");
        for (DeviceStatus status : statuses) {
            out.printf(format, status.device().kind().label(), deviceLabel(status.device()), methodLabel(status.method()),
                    MeasurementSummary.oneLine(status.detail()));
        }
    }

    /** "0 GPU-… (NVIDIA H200)", "0 package-0", or just the backend name for a placeholder (index below 0). */
    private static String deviceLabel(DeviceId device) {
        if (device.index() < 0) {
            return device.name();
        }
        return device.index() + " " + (device.uuid() != null ? device.uuid() + " (" + device.name() + ")" : device.name());
    }

    private static String methodLabel(MeasurementMethod method) {
        return method.isEstimate() ? method.label() + " (estimate)" : method.label();
    }

    private static JsonArray toJson(List<DeviceStatus> statuses) {
        JsonArray array = new JsonArray();
        for (DeviceStatus status : statuses) {
            JsonObject entry = new JsonObject();
            entry.addProperty("kind", status.device().kind().label());
            entry.addProperty("index", status.device().index());
            if (status.device().uuid() != null) {
                entry.addProperty("uuid", status.device().uuid());
            }
            entry.addProperty("name", status.device().name());
            entry.addProperty("method", status.method().label());
            entry.addProperty("estimate", status.method().isEstimate());
            entry.addProperty("measurable", status.method() != MeasurementMethod.UNAVAILABLE);
            entry.addProperty("detail", status.detail());
            array.add(entry);
        }
        return array;
    }
}
