package io.carbonmlops.cli;

import io.carbonmlops.meter.EnergyMeter;
import io.carbonmlops.meter.MeterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code carbon measure [OPTIONS] -- COMMAND [ARGS...]}: runs the command with carbon's stdin, stdout and stderr,
 * measures the energy every device draws meanwhile, exits with the command's exit code, prints a summary on stderr
 * and optionally writes the measurement as JSON ({@link io.carbonmlops.meter.report.MeasurementJson}).
 *
 * <p>Additions (carbon intensity, MLflow logging) are option mixins that implement {@link MeasureHook} and are
 * listed in {@link #hooks()}.
 */
@Command(name = "measure",
        mixinStandardHelpOptions = true,
        header = "Run a command and measure the energy it draws on every GPU, CPU and RAM.",
        description = {
            "Runs COMMAND with carbon's stdin, stdout and stderr, exits with its exit code, and prints a short "
                    + "summary on stderr. SIGTERM to carbon stops the command (SIGKILL after the grace period) "
                    + "and the measurement is still written.",
            "",
            "Example: carbon measure --json energy.json -- python3 train.py --epochs 3",
        },
        sortOptions = false,
        showEndOfOptionsDelimiterInUsageHelp = true)
public final class MeasureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    MeterOptions meterOptions;

    @Mixin
    IntensityOptions intensityOptions;

    @Mixin
    MlflowOptions mlflowOptions;

    @Mixin
    LedgerOptions ledgerOptions;

    @Mixin
    PredictionOptions predictionOptions;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the measurement as JSON to FILE (replaced whole).")
    Path jsonFile;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "100ms", converter = DurationConverter.class,
            description = "Power sampling interval for devices without an energy counter (default: ${DEFAULT-VALUE}; "
                    + "e.g. 50ms, 1s).")
    Duration interval;

    @Option(names = "--pue", paramLabel = "FACTOR", defaultValue = "1.0",
            description = "Power usage effectiveness of the data centre: facility energy = IT energy x FACTOR "
                    + "(default: ${DEFAULT-VALUE}).")
    double pue;

    @Option(names = "--grace-period", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long a stopped command may take to exit before it gets SIGKILL (default: ${DEFAULT-VALUE}).")
    Duration gracePeriod;

    @Option(names = {"-q", "--quiet"}, description = "Print no summary (errors are still printed).")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Print every warning in full (the JSON has them all anyway); "
            + "by default the summary has one line per estimated or unmeasured device.")
    boolean verbose;

    @Parameters(paramLabel = "COMMAND", arity = "0..*",
            description = "The command to measure and its arguments; put them after '--'.")
    List<String> command;

    private final CliEnvironment environment;

    public MeasureCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    /** The additions that run around the command, in order. Add option mixins that implement MeasureHook here. */
    List<MeasureHook> hooks() {
        // predictions after the carbon figures they divide; ledger last: it records the MLflow run id
        return List.of(intensityOptions, predictionOptions.forModelOf(ledgerOptions), mlflowOptions, ledgerOptions);
    }

    @Override
    public Integer call() {
        return run(hooks());
    }

    /** Checks the options and runs the command measured, with these hooks (what {@code carbon wait} reuses). */
    int run(List<MeasureHook> hooks) {
        List<String> toRun = requireCommand();
        MeterConfig config = checkOptions(hooks);
        try (EnergyMeter meter = EnergyMeter.open(config, environment.env(), environment.clock())) {
            MeasuredRun run = new MeasuredRun(meter, toRun, hooks, Optional.ofNullable(jsonFile), gracePeriod, quiet,
                    verbose, spec.commandLine().getErr());
            return run.run();
        }
    }

    /** Everything that can be checked before the command runs; returns the meter settings. */
    MeterConfig checkOptions(List<MeasureHook> hooks) {
        requireCommand();
        checkJsonFile();
        MeterConfig config = meterConfig();
        hooks.forEach(MeasureHook::checkOptions);
        return config;
    }

    List<String> requireCommand() {
        if (command == null || command.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no command to measure: put it after '--', "
                    + "for example: carbon measure -- python3 train.py");
        }
        return command;
    }

    /** A report that could not be written is found out before the command runs, not after an hour of training. */
    private void checkJsonFile() {
        if (jsonFile == null) {
            return;
        }
        Path dir = jsonFile.toAbsolutePath().getParent();
        if (Files.isDirectory(jsonFile)) {
            throw new ParameterException(spec.commandLine(), "--json " + jsonFile + " is a directory; name a file in it");
        }
        if (dir != null && !Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "--json " + jsonFile + ": directory " + dir
                    + " does not exist (carbon does not create it)");
        }
        if (dir != null && !Files.isWritable(dir)) {
            throw new ParameterException(spec.commandLine(), "--json " + jsonFile + ": directory " + dir
                    + " is not writable");
        }
    }

    private MeterConfig meterConfig() {
        if (gracePeriod.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--grace-period must not be negative, was " + gracePeriod);
        }
        try {
            return meterOptions.applyTo(MeterConfig.defaults().withSamplingInterval(interval).withPue(pue));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid meter setting: " + e.getMessage());
        }
    }
}
