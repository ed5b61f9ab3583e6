package io.carbonmlops.meter.carbon.provider;

import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.carbon.CarbonIntensityProvider;
import io.carbonmlops.meter.carbon.ProviderChain;
import io.carbonmlops.meter.carbon.table.GridIntensityTable;
import io.carbonmlops.meter.carbon.table.TableProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds a {@link ProviderChain} from a comma-separated spec such as {@code electricitymaps,table} (also read from
 * {@code CARBON_INTENSITY_PROVIDERS}). The default is {@value #DEFAULT_SPEC}: no network unless asked for.
 */
public final class Providers {
    public static final String DEFAULT_SPEC = "table";
    public static final String SPEC_VARIABLE = "CARBON_INTENSITY_PROVIDERS";
    public static final List<String> NAMES = List.of(ElectricityMapsProvider.NAME, WattTimeProvider.NAME,
            UkCarbonIntensityProvider.NAME, "table");

    private Providers() {}

    /** The spec given on the command line, else {@code CARBON_INTENSITY_PROVIDERS}, else {@value #DEFAULT_SPEC}. */
    public static String spec(String given, Map<String, String> env) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        String fromEnv = env.get(SPEC_VARIABLE);
        return fromEnv == null || fromEnv.isBlank() ? DEFAULT_SPEC : fromEnv;
    }

    /** @throws IllegalArgumentException naming an unknown provider and the known ones */
    public static ProviderChain chain(String spec, Map<String, String> env, MeterClock clock) {
        return chain(spec, clock, name -> provider(name, env, clock));
    }

    /**
     * The chain of the providers {@code create} makes for the names in {@code spec}. When one cannot be made, the
     * ones made before it are closed (each may hold an HTTP client with its connection pool) before the failure
     * propagates.
     */
    static ProviderChain chain(String spec, MeterClock clock, Function<String, CarbonIntensityProvider> create) {
        List<CarbonIntensityProvider> providers = new ArrayList<>();
        try {
            for (String name : spec.split(",")) {
                String wanted = name.strip().toLowerCase(Locale.ROOT);
                if (!wanted.isEmpty()) {
                    providers.add(create.apply(wanted));
                }
            }
        } catch (RuntimeException | Error e) {
            for (CarbonIntensityProvider made : providers) {
                try {
                    made.close();
                } catch (RuntimeException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
            }
            throw e;
        }
        return new ProviderChain(providers, clock);
    }

    private static CarbonIntensityProvider provider(String name, Map<String, String> env, MeterClock clock) {
        return switch (name) {
            case ElectricityMapsProvider.NAME -> ElectricityMapsProvider.fromEnvironment(env);
            case WattTimeProvider.NAME -> WattTimeProvider.fromEnvironment(env, clock);
            case UkCarbonIntensityProvider.NAME -> UkCarbonIntensityProvider.fromEnvironment(env, clock);
            case "table" -> TableProvider.yearlyAverages(GridIntensityTable.shipped());
            default -> throw new IllegalArgumentException("unknown intensity provider '" + name + "'; known: "
                    + String.join(", ", NAMES));
        };
    }
}
