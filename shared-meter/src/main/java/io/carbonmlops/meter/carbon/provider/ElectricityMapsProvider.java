package io.carbonmlops.meter.carbon.provider;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.carbonmlops.meter.carbon.CarbonIntensityProvider;
import io.carbonmlops.meter.carbon.FallbackReason;
import io.carbonmlops.meter.carbon.IntensityKind;
import io.carbonmlops.meter.carbon.IntensityReading;
import io.carbonmlops.meter.carbon.ProviderException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Electricity Maps API v3: {@code carbon-intensity/latest}, {@code /past-range} and {@code /forecast}, with the
 * {@code auth-token} header. Figures are gCO2eq/kWh with the configured emission-factor type (life-cycle by
 * default, the same scope as the shipped table's Electricity Maps rows).
 *
 * <p>Environment: {@code CARBON_ELECTRICITYMAPS_TOKEN} (or {@code CARBON_ELECTRICITYMAPS_TOKEN_FILE}),
 * {@code CARBON_ELECTRICITYMAPS_URL} (default {@value #DEFAULT_BASE_URL}).
 */
public final class ElectricityMapsProvider implements CarbonIntensityProvider {
    public static final String NAME = "electricitymaps";
    public static final String DEFAULT_BASE_URL = "https://api.electricitymaps.com/v3";
    public static final String TOKEN_VARIABLE = "CARBON_ELECTRICITYMAPS_TOKEN";
    public static final String URL_VARIABLE = "CARBON_ELECTRICITYMAPS_URL";
    /** past-range serves at most 10 days per call. */
    static final Duration MAX_RANGE = Duration.ofDays(10);

    private final JsonHttp http;
    private final Optional<Secret> token;
    private final String emissionFactorType;

    public ElectricityMapsProvider(HttpSettings settings, Optional<Secret> token) {
        this.http = new JsonHttp(settings);
        this.token = token;
        this.emissionFactorType = "lifecycle";
    }

    public static ElectricityMapsProvider fromEnvironment(Map<String, String> env) {
        return new ElectricityMapsProvider(HttpSettings.fromEnvironment(env, URL_VARIABLE, DEFAULT_BASE_URL),
                Secret.fromEnvironment(env, TOKEN_VARIABLE));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public IntensityReading latest(String zone) throws ProviderException {
        JsonElement body = get("/carbon-intensity/latest", query(zone));
        return reading(JsonFields.object(body, "latest"), zone, "latest", IntensityKind.MEASURED);
    }

    @Override
    public List<IntensityReading> range(String zone, Instant start, Instant end) throws ProviderException {
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw new ProviderException(FallbackReason.NO_DATA, "past-range serves at most 10 days, asked for "
                    + Duration.between(start, end).toHours() + " h");
        }
        Map<String, String> query = query(zone);
        query.put("start", start.toString());
        query.put("end", end.toString());
        JsonObject body = JsonFields.object(get("/carbon-intensity/past-range", query), "past-range");
        return readings(JsonFields.array(body, "data", "past-range"), zone, "past-range", IntensityKind.MEASURED);
    }

    @Override
    public List<IntensityReading> forecast(String zone, Duration horizon) throws ProviderException {
        Map<String, String> query = query(zone);
        query.put("horizonHours", Long.toString(Math.max(1, horizon.toHours())));
        JsonObject body = JsonFields.object(get("/carbon-intensity/forecast", query), "forecast");
        String endpoint = "forecast" + (body.has("updatedAt") ? " updated " + JsonFields.stringOr(body, "updatedAt", "?")
                : "");
        return readings(JsonFields.array(body, "forecast", "forecast"), zone, endpoint, IntensityKind.FORECAST);
    }

    private Map<String, String> query(String zone) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("zone", zone);
        query.put("emissionFactorType", emissionFactorType);
        return query;
    }

    private JsonElement get(String path, Map<String, String> query) throws ProviderException {
        Secret secret = token.orElseThrow(() -> new ProviderException(FallbackReason.NO_CREDENTIALS,
                "no Electricity Maps token: set " + TOKEN_VARIABLE + " or " + TOKEN_VARIABLE + "_FILE"));
        URI uri = http.uri(path, query);
        return http.get(uri, Map.of("auth-token", secret.reveal()), List.of(secret));
    }

    private List<IntensityReading> readings(JsonArray rows, String zone, String endpoint, IntensityKind kind)
            throws ProviderException {
        List<IntensityReading> readings = new ArrayList<>();
        for (JsonElement row : rows) {
            JsonObject point = JsonFields.object(row, endpoint + " row");
            if (!JsonFields.isNull(point, "carbonIntensity")) {
                readings.add(reading(point, zone, endpoint, kind));
            }
        }
        if (readings.isEmpty()) {
            throw new ProviderException(FallbackReason.NO_DATA, endpoint + " for " + zone + " returned no figures");
        }
        return readings;
    }

    private IntensityReading reading(JsonObject point, String zone, String endpoint, IntensityKind kind)
            throws ProviderException {
        if (JsonFields.isNull(point, "carbonIntensity")) {
            throw new ProviderException(FallbackReason.NO_DATA, endpoint + " for " + zone + " has no carbonIntensity");
        }
        double grams = JsonFields.number(point, "carbonIntensity", endpoint);
        Instant from = JsonFields.instant(point, "datetime", endpoint);
        Duration step = granularity(JsonFields.stringOr(point, "temporalGranularity", "hourly"));
        boolean estimated = "true".equals(JsonFields.stringOr(point, "isEstimated", "false"));
        String factorType = JsonFields.stringOr(point, "emissionFactorType", emissionFactorType);
        String source = "Electricity Maps v3 carbon-intensity/" + endpoint + " (" + factorType
                + (estimated ? ", estimated by Electricity Maps" : "") + ", ODbL-1.0)";
        String zoneKey = JsonFields.stringOr(point, "zone", zone);
        return new IntensityReading(grams, zoneKey, NAME, source, kind, from, from.plus(step));
    }

    private static Duration granularity(String name) {
        return switch (name) {
            case "5_minutes" -> Duration.ofMinutes(5);
            case "15_minutes" -> Duration.ofMinutes(15);
            default -> Duration.ofHours(1);
        };
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "ElectricityMapsProvider[" + http.settings().baseUrl() + ", token "
                + (token.isPresent() ? "set" : "unset") + "]";
    }
}
