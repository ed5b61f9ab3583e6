package io.carbonmlops.cli;

import com.google.gson.JsonObject;
import io.carbonmlops.meter.carbon.CarbonAccountant;
import io.carbonmlops.meter.carbon.CarbonFootprint;
import io.carbonmlops.meter.carbon.CarbonOptions;
import io.carbonmlops.meter.carbon.ProviderChain;
import io.carbonmlops.meter.carbon.ResolvedZone;
import io.carbonmlops.meter.carbon.UnknownZoneException;
import io.carbonmlops.meter.carbon.ZoneResolver;
import io.carbonmlops.meter.carbon.provider.Providers;
import io.carbonmlops.meter.report.MeasurementJson;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The carbon options of {@code carbon measure}: zone, provider chain, market-based factor and prices. Zone and
 * providers are checked while the options are parsed, {@code CARBON_ZONE} and the currency before the command runs, so
 * a mistake costs no run. After the command, the footprint is added to the JSON and the summary. Without a zone
 * ({@code --zone} or {@code CARBON_ZONE}) nothing is added, unless a market factor or a price asks for carbon
 * figures: then the world average is used and a warning says so.
 */
final class IntensityOptions implements MeasureHook {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private final CliEnvironment environment;
    private String zone;
    private String providers;
    private Double marketFactor;
    private Double electricityPrice;
    private Double carbonPrice;

    private String currency;

    IntensityOptions(CliEnvironment environment) {
        this.environment = environment;
    }

    @Option(names = "--currency", paramLabel = "CODE",
            description = "ISO 4217 code of the currency of --electricity-price and --carbon-price (e.g. EUR, USD).")
    void setCurrency(String value) {
        currency = isoCurrency(mixee.commandLine(), "--currency", value);
    }

    /** {@code value} as an ISO 4217 code (upper case), else a usage error naming it and giving examples. */
    static String isoCurrency(picocli.CommandLine commandLine, String option, String value) {
        String code = value.strip().toUpperCase(Locale.ROOT);
        boolean known = code.matches("[A-Z]{3}") && java.util.Currency.getAvailableCurrencies().stream()
                .anyMatch(c -> c.getCurrencyCode().equals(code));
        if (!known) {
            throw new ParameterException(commandLine, option + " must be an ISO 4217 currency code such as EUR, USD or "
                    + "GBP; '" + value + "' is not one");
        }
        return code;
    }

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Grid zone for CO2e: Electricity Maps zone key (DE, SE-SE3, US-CAL-CISO), ISO country code "
                    + "(DE, DEU) or cloud region (aws:eu-west-1). Default: CARBON_ZONE. 'carbon zones' lists them.")
    void setZone(String value) {
        resolve(value);
        zone = value;
    }

    @Option(names = "--provider", paramLabel = "LIST",
            description = "Intensity providers to try in order, e.g. electricitymaps,table (known: electricitymaps, "
                    + "watttime, uk, table; default: CARBON_INTENSITY_PROVIDERS, else table). The world average "
                    + "always ends the chain.")
    void setProviders(String value) {
        for (String name : value.split(",")) {
            if (!name.isBlank() && !Providers.NAMES.contains(name.strip().toLowerCase(Locale.ROOT))) {
                throw new ParameterException(mixee.commandLine(), "unknown intensity provider '" + name.strip()
                        + "'; known: " + String.join(", ", Providers.NAMES));
            }
        }
        providers = value;
    }

    @Option(names = "--market-factor", paramLabel = "G_PER_KWH",
            description = "Contractual emission factor in g CO2e/kWh (supplier mix, PPA): adds the GHG Protocol "
                    + "market-based CO2e beside the location-based one.")
    void setMarketFactor(double value) {
        marketFactor = nonNegative("--market-factor", value);
    }

    @Option(names = "--electricity-price", paramLabel = "PER_KWH",
            description = "Electricity price per kWh of facility energy, in --currency.")
    void setElectricityPrice(double value) {
        electricityPrice = nonNegative("--electricity-price", value);
    }

    @Option(names = "--carbon-price", paramLabel = "PER_TONNE",
            description = "Carbon price per tonne CO2e, in --currency.")
    void setCarbonPrice(double value) {
        carbonPrice = nonNegative("--carbon-price", value);
    }

    private double nonNegative(String option, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new ParameterException(mixee.commandLine(), option + " must be a number >= 0, was " + value);
        }
        return value;
    }

    private ResolvedZone resolve(String value) {
        try {
            return ZoneResolver.shipped().resolve(value);
        } catch (UnknownZoneException e) {
            throw new ParameterException(mixee.commandLine(), e.getMessage());
        }
    }

    /** The zone from --zone, else CARBON_ZONE; null when neither is set. */
    String zone() {
        if (zone != null) {
            return zone;
        }
        String fromEnv = environment.env().get("CARBON_ZONE");
        return fromEnv == null || fromEnv.isBlank() ? null : fromEnv;
    }

    @Override
    public void checkOptions() {
        if ((electricityPrice != null || carbonPrice != null) && (currency == null || currency.isBlank())) {
            throw new ParameterException(mixee.commandLine(),
                    "--electricity-price and --carbon-price need --currency (e.g. --currency EUR)");
        }
        String fromEnv = zone == null ? zone() : null;
        if (fromEnv != null) {
            try {
                ZoneResolver.shipped().resolve(fromEnv);
            } catch (UnknownZoneException e) {
                throw new ParameterException(mixee.commandLine(), "CARBON_ZONE: " + e.getMessage());
            }
        }
    }

    @Override
    public void afterCommand(MeasureOutcome outcome, JsonObject json, List<String> summaryLines) {
        String wanted = zone();
        boolean carbonFiguresAskedFor = marketFactor != null || electricityPrice != null || carbonPrice != null;
        if (wanted == null && !carbonFiguresAskedFor) {
            return;
        }
        CarbonOptions options = options();
        CarbonFootprint footprint;
        try (ProviderChain chain = chain()) {
            footprint = new CarbonAccountant(chain).account(outcome.measurement(), wanted, options);
        }
        MeasurementJson.addCarbon(json, footprint);
        summaryLines.addAll(FootprintSummary.lines(footprint));
    }

    /** The provider chain these options name (--provider, else CARBON_INTENSITY_PROVIDERS, else the table). */
    ProviderChain chain() {
        return Providers.chain(Providers.spec(providers, environment.env()), environment.env(), environment.clock());
    }

    CarbonOptions options() {
        CarbonOptions options = CarbonOptions.locationBased().withPrices(optional(electricityPrice),
                optional(carbonPrice), currency);
        return marketFactor == null ? options : options.withMarketFactor(marketFactor);
    }

    private static OptionalDouble optional(Double value) {
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
