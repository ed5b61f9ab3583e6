package io.carbonmlops.meter.carbon.provider;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.carbon.CarbonIntensityProvider;
import io.carbonmlops.meter.carbon.FallbackReason;
import io.carbonmlops.meter.carbon.IntensityKind;
import io.carbonmlops.meter.carbon.IntensityReading;
import io.carbonmlops.meter.carbon.ProviderException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * WattTime API v3: marginal operating emissions rate ({@code co2_moer}) via {@code /v3/forecast} (horizon 0 is the
 * current figure), {@code /v3/historical} and {@code /v3/signal-index}. Logs in with HTTP Basic at {@code /login}
 * for a bearer token it keeps for 25 of its 30 minutes. MOER arrives in lbs/MWh and is converted here, once:
 * g/kWh = lbs/MWh × 0.45359237.
 *
 * <p>A marginal rate answers a different question from the average rates of Electricity Maps and the table
 * ("what does one more kWh emit now"); the source text says so, and results are never mixed within one chain call.
 *
 * <p>WattTime keys grids by its own regions, so zones map to regions through configuration
 * ({@code CARBON_WATTTIME_REGIONS="US-CAL-CISO=CAISO_NORTH,..."}); default: US-CAL-CISO → CAISO_NORTH, the region
 * any account may read. Environment: {@code CARBON_WATTTIME_USERNAME}, {@code CARBON_WATTTIME_PASSWORD}
 * (each also as {@code …_FILE}), {@code CARBON_WATTTIME_URL} (default {@value #DEFAULT_BASE_URL}).
 */
public final class WattTimeProvider implements CarbonIntensityProvider {
    public static final String NAME = "watttime";
    public static final String DEFAULT_BASE_URL = "https://api.watttime.org";
    public static final double GRAMS_PER_POUND = 453.59237;
    /** lbs/MWh → g/kWh: 453.59237 g/lb ÷ 1000 kWh/MWh. */
    public static final double LBS_PER_MWH_TO_G_PER_KWH = GRAMS_PER_POUND / 1000.0;
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(25);
    static final String SIGNAL = "co2_moer";
    private static final String UNITS = "lbs_co2_per_mwh";
    private static final Map<String, String> DEFAULT_REGIONS = Map.of("US-CAL-CISO", "CAISO_NORTH");

    private final JsonHttp http;
    private final Optional<Secret> username;
    private final Optional<Secret> password;
    private final Map<String, String> regionByZone;
    private final MeterClock clock;
    private final Object loginLock = new Object();
    private volatile Token token;

    public WattTimeProvider(HttpSettings settings, Optional<Secret> username, Optional<Secret> password,
            Map<String, String> regionByZone, MeterClock clock) {
        this.http = new JsonHttp(settings);
        this.username = username;
        this.password = password;
        this.regionByZone = Map.copyOf(regionByZone);
        this.clock = clock;
    }

    public static WattTimeProvider fromEnvironment(Map<String, String> env, MeterClock clock) {
        return new WattTimeProvider(HttpSettings.fromEnvironment(env, "CARBON_WATTTIME_URL", DEFAULT_BASE_URL),
                Secret.fromEnvironment(env, "CARBON_WATTTIME_USERNAME"),
                Secret.fromEnvironment(env, "CARBON_WATTTIME_PASSWORD"),
                regions(env.get("CARBON_WATTTIME_REGIONS")), clock);
    }

    /** Parses {@code ZONE=REGION,ZONE=REGION} on top of the default map. */
    static Map<String, String> regions(String spec) {
        Map<String, String> map = new LinkedHashMap<>(DEFAULT_REGIONS);
        if (spec == null || spec.isBlank()) {
            return map;
        }
        for (String pair : spec.split(",")) {
            String[] parts = pair.split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("CARBON_WATTTIME_REGIONS entries must read ZONE=REGION"
                        + " (e.g. US-CAL-CISO=CAISO_NORTH), got '" + pair + "'");
            }
            map.put(parts[0].strip(), parts[1].strip());
        }
        return map;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** WattTime's current figure is the first point of its forecast (horizon 0), so it is labelled a forecast. */
    @Override
    public IntensityReading latest(String zone) throws ProviderException {
        return points(zone, "/v3/forecast", Map.of("horizon_hours", "0"), IntensityKind.FORECAST).get(0);
    }

    @Override
    public List<IntensityReading> range(String zone, Instant start, Instant end) throws ProviderException {
        return points(zone, "/v3/historical", Map.of("start", start.toString(), "end", end.toString()),
                IntensityKind.MEASURED);
    }

    @Override
    public List<IntensityReading> forecast(String zone, Duration horizon) throws ProviderException {
        long hours = Math.min(72, Math.max(1, horizon.toHours()));
        return points(zone, "/v3/forecast", Map.of("horizon_hours", Long.toString(hours)), IntensityKind.FORECAST);
    }

    /** Where the current MOER sits among recent values, 0–100 ({@code /v3/signal-index}). */
    public double signalIndexPercent(String zone) throws ProviderException {
        JsonObject body = JsonFields.object(get("/v3/signal-index", query(zone, Map.of())), "signal-index");
        JsonArray data = JsonFields.array(body, "data", "signal-index");
        if (data.isEmpty()) {
            throw new ProviderException(FallbackReason.NO_DATA, "signal-index for " + zone + " returned no data");
        }
        return JsonFields.number(JsonFields.object(data.get(0), "signal-index point"), "value", "signal-index");
    }

    private List<IntensityReading> points(String zone, String path, Map<String, String> extra, IntensityKind kind)
            throws ProviderException {
        JsonObject body = JsonFields.object(get(path, query(zone, extra)), path);
        JsonObject meta = JsonFields.object(body.get("meta"), path + " meta");
        String units = JsonFields.string(meta, "units", path + " meta");
        if (!UNITS.equals(units)) {
            throw JsonFields.malformed(path + " answered in units '" + units + "', expected " + UNITS);
        }
        Duration step = Duration.ofSeconds((long) (meta.has("data_point_period_seconds")
                ? JsonFields.number(meta, "data_point_period_seconds", path + " meta") : 300));
        String region = JsonFields.stringOr(meta, "region", regionByZone.get(zone));
        String issued = kind == IntensityKind.FORECAST && meta.has("generated_at")
                ? ", generated at " + JsonFields.stringOr(meta, "generated_at", "?") : "";
        List<IntensityReading> readings = new ArrayList<>();
        for (JsonElement element : JsonFields.array(body, "data", path)) {
            JsonObject point = JsonFields.object(element, path + " point");
            Instant from = JsonFields.instant(point, "point_time", path);
            double grams = JsonFields.number(point, "value", path) * LBS_PER_MWH_TO_G_PER_KWH;
            readings.add(new IntensityReading(grams, zone, NAME, "WattTime v3 " + path.substring(4) + " " + SIGNAL
                    + " region " + region + issued + " (marginal, lbs/MWh × 0.45359237)", kind, from, from.plus(step)));
        }
        if (readings.isEmpty()) {
            throw new ProviderException(FallbackReason.NO_DATA, path + " for region " + region + " returned no data");
        }
        return readings;
    }

    private Map<String, String> query(String zone, Map<String, String> extra) throws ProviderException {
        String region = regionByZone.get(zone);
        if (region == null) {
            throw new ProviderException(FallbackReason.UNKNOWN_ZONE, "no WattTime region configured for zone " + zone
                    + "; set CARBON_WATTTIME_REGIONS=" + zone + "=<REGION> (see GET /v3/region-from-loc)");
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("region", region);
        query.put("signal_type", SIGNAL);
        query.putAll(extra);
        return query;
    }

    private JsonElement get(String path, Map<String, String> query) throws ProviderException {
        Secret bearer = bearer();
        try {
            return http.get(http.uri(path, query), Map.of("Authorization", "Bearer " + bearer.reveal()),
                    credentials(bearer));
        } catch (ProviderException e) {
            if (e.reason() == FallbackReason.UNAUTHORIZED) {
                token = null; // expired or revoked: log in afresh next time
            }
            throw e;
        }
    }

    private Secret bearer() throws ProviderException {
        Token current = token;
        if (current != null && clock.wallTime().isBefore(current.expiresAt)) {
            return current.value;
        }
        synchronized (loginLock) {
            if (token == null || !clock.wallTime().isBefore(token.expiresAt)) {
                token = login();
            }
            return token.value;
        }
    }

    private Token login() throws ProviderException {
        if (username.isEmpty() || password.isEmpty()) {
            throw new ProviderException(FallbackReason.NO_CREDENTIALS, "no WattTime account: set"
                    + " CARBON_WATTTIME_USERNAME and CARBON_WATTTIME_PASSWORD (or their _FILE variants)");
        }
        String basic = Base64.getEncoder().encodeToString((username.get().reveal() + ":" + password.get().reveal())
                .getBytes(StandardCharsets.UTF_8));
        Secret basicSecret = Secret.of(basic);
        JsonObject body = JsonFields.object(http.get(http.uri("/login", Map.of()),
                Map.of("Authorization", "Basic " + basic), List.of(username.get(), password.get(), basicSecret)),
                "login");
        Secret value = Secret.of(JsonFields.string(body, "token", "login"));
        return new Token(value, clock.wallTime().plus(TOKEN_LIFETIME));
    }

    private List<Secret> credentials(Secret bearer) {
        List<Secret> secrets = new ArrayList<>(List.of(bearer));
        username.ifPresent(secrets::add);
        password.ifPresent(secrets::add);
        return secrets;
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "WattTimeProvider[" + http.settings().baseUrl() + ", account " + (username.isPresent() ? "set" : "unset")
                + ", regions " + regionByZone + "]";
    }

    private record Token(Secret value, Instant expiresAt) {}
}
