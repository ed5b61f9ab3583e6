package io.carbonmlops.cli;

import com.google.gson.JsonObject;
import io.carbonmlops.meter.EnergyMeter;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementWindow;
import io.carbonmlops.meter.report.MeasurementJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One {@code carbon measure} run: opens a window, runs the command under supervision, and records the result once,
 * whichever comes first of the command ending, a stop signal, or the JVM shutting down.
 */
final class MeasuredRun {
    static final String WINDOW_ID = "carbon-measure";

    private final EnergyMeter meter;
    private final List<String> command;
    private final List<MeasureHook> hooks;
    private final Optional<Path> jsonFile;
    private final boolean quiet;
    private final boolean verbose;
    private final PrintWriter err;
    private final SupervisedProcess child;
    private Integer result;

    MeasuredRun(EnergyMeter meter, List<String> command, List<MeasureHook> hooks, Optional<Path> jsonFile,
            Duration gracePeriod, boolean quiet, boolean verbose, PrintWriter err) {
        this.meter = meter;
        this.command = List.copyOf(command);
        this.hooks = List.copyOf(hooks);
        this.jsonFile = jsonFile;
        this.quiet = quiet;
        this.verbose = verbose;
        this.err = err;
        this.child = new SupervisedProcess(gracePeriod);
    }

    /** Runs the command and returns carbon's exit code: the command's own, unless recording failed. */
    int run() {
        Map<String, String> hookEnvironment = hookEnvironment();
        MeasurementWindow window = meter.begin(WINDOW_ID);
        Thread shutdownHook = new Thread(() -> finishOnShutdown(window), "carbon-measure-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try (StopSignals signals = StopSignals.install(child::stop)) {
            Map<String, String> environment = new LinkedHashMap<>(hookEnvironment);
            environment.putAll(carbonEnvironment(window));
            OptionalInt notStarted = startCommand(environment);
            return finish(window, notStarted.isPresent() ? notStarted.getAsInt() : waitForCommand());
        } finally {
            removeQuietly(shutdownHook);
        }
    }

    private Map<String, String> hookEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (MeasureHook hook : hooks) {
            try {
                hook.beforeCommand(environment);
            } catch (Exception e) {
                err.println(MeasurementSummary.PREFIX + "warning: " + hookName(hook) + " failed before the command: "
                        + e.getMessage());
            }
        }
        return environment;
    }

    /** Variables that let the command (or a nested tool) know it is being measured and where the report goes. */
    private Map<String, String> carbonEnvironment(MeasurementWindow window) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("CARBON_MEASURE_STARTED_AT", MeasurementJson.formatInstant(window.startedAt()));
        jsonFile.ifPresent(file -> environment.put("CARBON_MEASURE_JSON", file.toAbsolutePath().toString()));
        return environment;
    }

    /**
     * Starts the command. When it cannot start (not found, not executable, or a stop signal came first), returns the
     * exit code a shell would give; the run is still recorded, so hooks that opened something (an MLflow run) close it.
     */
    private OptionalInt startCommand(Map<String, String> environment) {
        try {
            if (!child.start(command, environment)) {
                return OptionalInt.of(exitCodeFor(child.stopSignal().orElse("SIGTERM")));
            }
            return OptionalInt.empty();
        } catch (IOException e) {
            CarbonException failure = StartFailure.of(command.get(0), e);
            err.println(MeasurementSummary.PREFIX + failure.getMessage());
            return OptionalInt.of(failure.exitCode());
        }
    }

    private int waitForCommand() {
        while (true) {
            try {
                return child.waitFor();
            } catch (InterruptedException e) {
                child.stop("interrupt");
            }
        }
    }

    /** The JVM is going down (a signal we could not catch): stop the command and record what was measured. */
    private void finishOnShutdown(MeasurementWindow window) {
        child.stop("JVM shutdown");
        try {
            finish(window, child.waitFor());
        } catch (IllegalStateException | InterruptedException e) {
            // never started, or the JVM is being torn down: nothing left to record
        }
    }

    private synchronized int finish(MeasurementWindow window, int exitCode) {
        if (result != null) {
            return result;
        }
        Measurement measurement = window.stop();
        MeasureOutcome outcome = new MeasureOutcome(command, measurement, exitCode, child.stopSignal());
        JsonObject json = MeasurementJson.toJsonObject(measurement, OptionalInt.of(exitCode));
        outcome.stoppedBy().ifPresent(signal -> json.addProperty("stopped_by_signal", signal));
        List<String> summary = new ArrayList<>(MeasurementSummary.lines(outcome));
        runAfterHooks(outcome, json, summary);
        summary.addAll(MeasurementSummary.warningLines(measurement, meter.devices(), meter.discoveryWarnings(), verbose));
        result = writeJson(json, exitCode, summary);
        if (!quiet) {
            summary.forEach(line -> err.println(MeasurementSummary.PREFIX + line));
        }
        err.flush();
        return result;
    }

    private void runAfterHooks(MeasureOutcome outcome, JsonObject json, List<String> summary) {
        for (MeasureHook hook : hooks) {
            try {
                hook.afterCommand(outcome, json, summary);
            } catch (Exception e) {
                String warning = hookName(hook) + " failed: " + e.getMessage();
                summary.add("  warning: " + warning);
                json.getAsJsonArray("warnings").add(warning);
            }
        }
    }

    /** Writes the JSON when asked; a failure to do so turns a successful command's 0 into 125. */
    private int writeJson(JsonObject json, int exitCode, List<String> summary) {
        if (jsonFile.isEmpty()) {
            return exitCode;
        }
        try {
            MeasurementJson.write(json, jsonFile.get());
            summary.add("  json: " + jsonFile.get());
            return exitCode;
        } catch (IOException | RuntimeException e) {
            err.println(MeasurementSummary.PREFIX + "cannot write the measurement to " + jsonFile.get() + ": " + e
                    + " (check that the directory is writable)");
            return exitCode == ExitCodes.OK ? ExitCodes.CARBON_FAILED : exitCode;
        }
    }

    /** What a shell reports for a command killed by this signal, for a stop that came before the command started. */
    private static int exitCodeFor(String signal) {
        return ExitCodes.SIGNAL_BASE + switch (signal) {
            case "SIGHUP" -> 1;
            case "SIGINT" -> 2;
            default -> 15;
        };
    }

    private static String hookName(MeasureHook hook) {
        return hook.getClass().getSimpleName();
    }

    private static void removeQuietly(Thread shutdownHook) {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook finishes the run
        }
    }
}
