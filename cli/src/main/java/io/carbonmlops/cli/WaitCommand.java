package io.carbonmlops.cli;

import io.carbonmlops.meter.carbon.ProviderChain;
import io.carbonmlops.meter.carbon.ResolvedZone;
import io.carbonmlops.meter.carbon.schedule.ChainForecasts;
import io.carbonmlops.meter.carbon.schedule.ShiftPlanner;
import io.carbonmlops.meter.carbon.schedule.ShiftRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code carbon wait [OPTIONS] -- COMMAND}: waits for the start 'carbon when' would choose, re-checking the figures
 * while it waits, then runs COMMAND exactly as {@code carbon measure} does (the same options, hooks and exit codes),
 * recording the shift and what it saved.
 */
@Command(name = "wait",
        header = "Wait for the lowest-carbon start before a deadline, then run and measure a command.",
        description = {
            "Plans like 'carbon when' with --zone (required) and --provider, sleeps until the chosen start, re-planning "
                    + "every --recheck with fresh figures, then runs COMMAND as 'carbon measure' would, with all of its "
                    + "options. The measurement JSON and MLflow (with --mlflow-experiment or --mlflow-run-id) get the "
                    + "decision, the figures it used, and the CO2e saved against starting at the decision time.",
            "SIGTERM, SIGINT or SIGHUP while waiting ends carbon at once, before anything started (exit 128+N).",
            "",
            "Example: carbon wait --zone GB --provider uk --duration 2h --within 12h -- python3 train.py",
        },
        sortOptions = false,
        showEndOfOptionsDelimiterInUsageHelp = true)
public final class WaitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ScheduleOptions schedule;

    @Option(names = "--recheck", paramLabel = "DURATION", defaultValue = "15m", converter = DurationConverter.class,
            description = "How often to re-check the figures while waiting (default: ${DEFAULT-VALUE}).")
    Duration recheck;

    @Option(names = "--max-intensity", paramLabel = "G_PER_KWH",
            description = "Where there is neither a forecast nor history to plan on: wait until the live figure is at "
                    + "or below this, looking every --recheck (doubling up to 1h), and start at the latest start at "
                    + "the latest. Without it, such a job starts at once.")
    Double maxIntensity;

    @Mixin
    MeasureCommand measure;

    private final CliEnvironment environment;

    public WaitCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (recheck.isNegative() || recheck.isZero()) {
            throw new ParameterException(spec.commandLine(), "--recheck must be positive, was " + recheck);
        }
        if (maxIntensity != null && !(maxIntensity >= 0 && Double.isFinite(maxIntensity))) {
            throw new ParameterException(spec.commandLine(), "--max-intensity must be a number >= 0 g/kWh, was "
                    + maxIntensity);
        }
        String zoneInput = measure.intensityOptions.zone();
        if (zoneInput == null) {
            throw new ParameterException(spec.commandLine(), "carbon wait needs a zone to plan for: pass --zone "
                    + "(a zone key, ISO country code or cloud region) or set CARBON_ZONE");
        }
        ResolvedZone zone = WhenCommand.resolve(spec, zoneInput);
        ShiftRequest request = schedule.request(zone.zone(), ShiftWait.now(environment.clock()));
        measure.checkOptions(hooksWith(placeholder())); // a mistake costs no wait
        ShiftWait.Result result;
        try (ProviderChain chain = measure.intensityOptions.chain()) {
            ShiftWait wait = new ShiftWait(new ShiftPlanner(new ChainForecasts(chain)), environment.clock(), recheck,
                    spec.commandLine().getErr(), measure.quiet, maxIntensity == null ? Optional.empty()
                            : Optional.of(new ShiftWait.Threshold(maxIntensity, chain::latest)));
            try (StopSignals signals = StopSignals.install(wait::stop)) {
                result = wait.run(request, wait.latchSleeper());
            }
        }
        if (result.stoppedBy().isPresent()) {
            String signal = result.stoppedBy().get();
            spec.commandLine().getErr().println(MeasurementSummary.PREFIX + "wait stopped by " + signal
                    + " before the command started; nothing was run");
            spec.commandLine().getErr().flush();
            return ExitCodes.SIGNAL_BASE + switch (signal) {
                case "SIGHUP" -> 1;
                case "SIGINT" -> 2;
                default -> 15;
            };
        }
        return measure.run(hooksWith(new ShiftHook(result, measure.intensityOptions)));
    }

    /** measure's own hooks with the shift hook right after the intensity options (it needs their zone). */
    private List<MeasureHook> hooksWith(MeasureHook shift) {
        List<MeasureHook> hooks = new ArrayList<>(measure.hooks());
        hooks.add(hooks.indexOf(measure.intensityOptions) + 1, shift);
        return hooks;
    }

    /** Stands for the shift hook in the up-front option check (it has no options of its own). */
    private static MeasureHook placeholder() {
        return new MeasureHook() {};
    }
}
