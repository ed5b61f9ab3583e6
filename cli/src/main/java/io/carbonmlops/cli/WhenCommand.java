package io.carbonmlops.cli;

import com.google.gson.JsonObject;
import io.carbonmlops.meter.carbon.ProviderChain;
import io.carbonmlops.meter.carbon.ResolvedZone;
import io.carbonmlops.meter.carbon.UnknownZoneException;
import io.carbonmlops.meter.carbon.ZoneResolver;
import io.carbonmlops.meter.carbon.provider.Providers;
import io.carbonmlops.meter.carbon.schedule.ChainForecasts;
import io.carbonmlops.meter.carbon.schedule.ShiftDecision;
import io.carbonmlops.meter.carbon.schedule.ShiftDecisionJson;
import io.carbonmlops.meter.carbon.schedule.ShiftPlanner;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code carbon when}: the start time with the lowest expected intensity for a job before its deadline. */
@Command(name = "when",
        mixinStandardHelpOptions = true,
        header = "Find the start with the lowest expected carbon intensity for a job before its deadline.",
        description = {
            "Takes the first provider's forecast (or, without one, the same hours of the last days of its history, "
                    + "said not to be a forecast) and compares every start whose window of --duration ends before "
                    + "the deadline by its time-weighted mean intensity, as the Carbon Aware SDK does. Prints the "
                    + "best start, its expected intensity, running now for comparison, and the saving.",
            "",
            "Example: carbon when --zone GB --provider uk --duration 2h --within 12h --power 300",
        },
        sortOptions = false)
public final class WhenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--zone", required = true, paramLabel = "ZONE",
            description = "Zone key (DE, GB, US-CAL-CISO), ISO country code or cloud region (aws:eu-west-1).")
    String zone;

    @Mixin
    ScheduleOptions schedule;

    @Option(names = "--provider", paramLabel = "LIST",
            description = "Providers to try in order, e.g. electricitymaps,table (default: CARBON_INTENSITY_PROVIDERS, "
                    + "else table, which has no forecast).")
    String providers;

    @Option(names = "--json", description = "Print the decision and the figures it was made on as JSON on stdout.")
    boolean json;

    private final CliEnvironment environment;

    public WhenCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        ResolvedZone resolved = resolve(spec, zone);
        Instant now = environment.clock().wallTime().truncatedTo(ChronoUnit.SECONDS);
        ShiftDecision decision;
        try (ProviderChain chain = chain(spec, providers, environment)) {
            decision = new ShiftPlanner(new ChainForecasts(chain)).plan(schedule.request(resolved.zone(), now), now);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonObject document = ShiftDecisionJson.toJson(decision, true);
            document.addProperty("requested_zone", resolved.input());
            document.addProperty("zone_via", resolved.via());
            CliJson.print(out, document);
        } else {
            out.printf("zone       %s%s%n", resolved.zone(), resolved.via().isEmpty() ? "" : " (" + resolved.via() + ")");
            ScheduleText.print(decision, out, "");
        }
        out.flush();
        return ExitCodes.OK;
    }

    static ResolvedZone resolve(CommandSpec spec, String input) {
        try {
            return ZoneResolver.shipped().resolve(input);
        } catch (UnknownZoneException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    static ProviderChain chain(CommandSpec spec, String providers, CliEnvironment environment) {
        try {
            return Providers.chain(Providers.spec(providers, environment.env()), environment.env(), environment.clock());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
