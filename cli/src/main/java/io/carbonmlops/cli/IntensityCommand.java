package io.carbonmlops.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.carbonmlops.meter.carbon.CarbonFootprintJson;
import io.carbonmlops.meter.carbon.CarbonIntensityProvider;
import io.carbonmlops.meter.carbon.IntensityProvenance;
import io.carbonmlops.meter.carbon.IntensityReading;
import io.carbonmlops.meter.carbon.IntensityResult;
import io.carbonmlops.meter.carbon.ProviderChain;
import io.carbonmlops.meter.carbon.ProviderException;
import io.carbonmlops.meter.carbon.ResolvedZone;
import io.carbonmlops.meter.carbon.UnknownZoneException;
import io.carbonmlops.meter.carbon.ZoneResolver;
import io.carbonmlops.meter.carbon.provider.Providers;
import io.carbonmlops.meter.carbon.provider.WattTimeProvider;
import io.carbonmlops.meter.carbon.schedule.ShiftDecisionJson;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code carbon intensity --zone Z}: the current carbon intensity of a grid zone and where the figure comes from. */
@Command(name = "intensity",
        mixinStandardHelpOptions = true,
        header = "Print the current carbon intensity of a grid zone with its provenance.",
        description = "Asks the providers in order (default: the shipped table, no network) and prints the first "
                + "figure, its source, kind and time, and every provider skipped on the way with the reason.",
        sortOptions = false)
public final class IntensityCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Electricity Maps zone key (DE, SE-SE3, US-CAL-CISO), ISO country code (DE, DEU) or cloud "
                    + "region (aws:eu-west-1). Default: CARBON_ZONE, as for 'carbon measure'.")
    String zone;

    @Option(names = "--provider", paramLabel = "LIST",
            description = "Providers to try in order, e.g. electricitymaps,table (known: electricitymaps, watttime, "
                    + "uk, table; default: CARBON_INTENSITY_PROVIDERS, else table).")
    String providers;

    @Option(names = "--forecast", paramLabel = "HOURS",
            description = "Also print the forecast for the next HOURS hours (1 to 72), where the provider has one.")
    Integer forecastHours;

    @Option(names = "--json", description = "Print the figure and its provenance as JSON on stdout.")
    boolean json;

    private final CliEnvironment environment;

    public IntensityCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        ResolvedZone resolved = resolve();
        if (forecastHours != null && (forecastHours < 1 || forecastHours > 72)) {
            throw new ParameterException(spec.commandLine(), "--forecast must be 1 to 72 hours, was " + forecastHours);
        }
        IntensityResult result;
        IntensityResult forecast = null;
        OptionalDouble signalIndex;
        try (ProviderChain chain = chain()) {
            result = chain.latest(resolved.zone());
            signalIndex = signalIndex(chain, result, resolved.zone());
            if (forecastHours != null) {
                forecast = chain.forecast(resolved.zone(), Duration.ofHours(forecastHours));
            }
        }
        IntensityReading reading = result.first();
        IntensityProvenance provenance = new IntensityProvenance(reading.gramsPerKwh(), reading.zone(),
                reading.source(), reading.kind(), reading.from(), result.fallbackReason());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonObject document = CarbonFootprintJson.intensity(provenance);
            document.addProperty("requested_zone", resolved.input());
            document.addProperty("provider", result.provider());
            signalIndex.ifPresent(percent -> document.addProperty("signal_index_percent", percent));
            JsonArray warnings = new JsonArray();
            result.warnings().forEach(warnings::add);
            if (forecast != null) {
                document.add("forecast", forecastJson(forecast));
                forecast.warnings().forEach(warnings::add);
            }
            document.add("warnings", warnings);
            CliJson.print(out, document);
        } else {
            printText(resolved, result, provenance, out);
            signalIndex.ifPresent(percent -> out.printf(
                    "index      %s %% of recent marginal rates (WattTime signal-index)%n",
                    MeasurementSummary.significant(percent, 3)));
            if (forecast != null) {
                printForecast(forecast, out);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void printText(ResolvedZone resolved, IntensityResult result, IntensityProvenance provenance,
            PrintWriter out) {
        out.printf("zone       %s%s%n", provenance.zone(), resolved.via().isEmpty() ? "" : " (" + resolved.via() + ")");
        out.printf("intensity  %s g/kWh (%s)%n", MeasurementSummary.significant(provenance.gramsPerKwh(), 4),
                provenance.kind().label());
        out.printf("source     %s%n", provenance.source());
        out.printf("as of      %s%n", provenance.asOf());
        out.printf("provider   %s%n", result.provider());
        result.fallbacks().forEach(f -> out.printf("fallback   %s%n", MeasurementSummary.oneLine(f.describe())));
    }

    /** WattTime's percentile of the current MOER, when WattTime gave the figure; a failure only omits it. */
    private static OptionalDouble signalIndex(ProviderChain chain, IntensityResult result, String zone) {
        Optional<CarbonIntensityProvider> provider = chain.provider(result.provider());
        if (provider.isPresent() && provider.get() instanceof WattTimeProvider wattTime) {
            try {
                return OptionalDouble.of(wattTime.signalIndexPercent(zone));
            } catch (ProviderException e) {
                return OptionalDouble.empty();
            }
        }
        return OptionalDouble.empty();
    }

    private static void printForecast(IntensityResult forecast, PrintWriter out) {
        out.printf("forecast   from %s: %s%n", forecast.provider(), forecast.first().source());
        forecast.fallbacks().forEach(f -> out.printf("fallback   %s%n", MeasurementSummary.oneLine(f.describe())));
        for (IntensityReading reading : forecast.readings()) {
            out.printf("  %s  %s g/kWh (%s)%n", reading.from(),
                    MeasurementSummary.significant(reading.gramsPerKwh(), 4), reading.kind().label());
        }
    }

    private static JsonObject forecastJson(IntensityResult forecast) {
        JsonObject json = new JsonObject();
        json.addProperty("provider", forecast.provider());
        json.addProperty("source", forecast.first().source());
        json.addProperty("fallback_reason", forecast.fallbackReason());
        json.add("points", ShiftDecisionJson.points(forecast.readings()));
        return json;
    }

    private ResolvedZone resolve() {
        String wanted = zone;
        String origin = "";
        if (wanted == null || wanted.isBlank()) {
            wanted = environment.env().get("CARBON_ZONE");
            origin = "CARBON_ZONE: ";
            if (wanted == null || wanted.isBlank()) {
                throw new ParameterException(spec.commandLine(), "no zone: pass --zone ZONE or set CARBON_ZONE "
                        + "('carbon zones' lists them)");
            }
        }
        try {
            return ZoneResolver.shipped().resolve(wanted);
        } catch (UnknownZoneException e) {
            throw new ParameterException(spec.commandLine(), origin + e.getMessage());
        }
    }

    private ProviderChain chain() {
        try {
            String spec = Providers.spec(providers, environment.env());
            return Providers.chain(spec, environment.env(), environment.clock());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
