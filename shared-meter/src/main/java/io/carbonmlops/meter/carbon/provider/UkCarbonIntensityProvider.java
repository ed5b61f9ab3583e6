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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The GB National Grid ESO Carbon Intensity API (no key): half-hourly national actual and forecast figures,
 * or regional forecasts for a postcode outward code. It covers Great Britain only, zone {@code GB}.
 *
 * <p>Environment: {@code CARBON_UK_POSTCODE} (outward code such as {@code RG10}; switches to the regional
 * endpoints, forecast only), {@code CARBON_UK_CARBON_INTENSITY_URL} (default {@value #DEFAULT_BASE_URL}).
 */
public final class UkCarbonIntensityProvider implements CarbonIntensityProvider {
    public static final String NAME = "uk";
    public static final String DEFAULT_BASE_URL = "https://api.carbonintensity.org.uk";
    public static final String ZONE = "GB";
    private static final DateTimeFormatter PATH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'")
            .withZone(ZoneOffset.UTC);

    private final JsonHttp http;
    private final Optional<String> postcode;
    private final MeterClock clock;

    public UkCarbonIntensityProvider(HttpSettings settings, Optional<String> postcode, MeterClock clock) {
        this.http = new JsonHttp(settings);
        this.postcode = postcode.map(String::strip).filter(p -> !p.isEmpty());
        this.clock = clock;
    }

    public static UkCarbonIntensityProvider fromEnvironment(Map<String, String> env, MeterClock clock) {
        return new UkCarbonIntensityProvider(
                HttpSettings.fromEnvironment(env, "CARBON_UK_CARBON_INTENSITY_URL", DEFAULT_BASE_URL),
                Optional.ofNullable(env.get("CARBON_UK_POSTCODE")), clock);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public IntensityReading latest(String zone) throws ProviderException {
        requireGb(zone);
        String path = postcode.map(p -> "/regional/postcode/" + p).orElse("/intensity");
        return periods(path).get(0);
    }

    @Override
    public List<IntensityReading> range(String zone, Instant start, Instant end) throws ProviderException {
        requireGb(zone);
        String window = "/" + PATH_TIME.format(start) + "/" + PATH_TIME.format(end);
        return periods(postcode.map(p -> "/regional/intensity" + window + "/postcode/" + p)
                .orElse("/intensity" + window));
    }

    @Override
    public List<IntensityReading> forecast(String zone, Duration horizon) throws ProviderException {
        requireGb(zone);
        String span = horizon.compareTo(Duration.ofHours(24)) <= 0 ? "fw24h" : "fw48h";
        String from = "/" + PATH_TIME.format(clock.wallTime().truncatedTo(ChronoUnit.MINUTES)) + "/" + span;
        // Each period keeps its own kind: the API's actual figure where it already has one (measured), its forecast
        // otherwise; a period ending at or before the requested start may come first and is left to the caller.
        return periods(postcode.map(p -> "/regional/intensity" + from + "/postcode/" + p)
                .orElse("/intensity" + from));
    }

    private static void requireGb(String zone) throws ProviderException {
        if (!ZONE.equals(zone)) {
            throw new ProviderException(FallbackReason.UNKNOWN_ZONE, "the GB Carbon Intensity API covers zone GB"
                    + " (England, Scotland, Wales) only, not " + zone);
        }
    }

    /** National periods sit in {@code data[]}; regional ones in {@code data[0].data[]} (or {@code data.data[]}). */
    private List<IntensityReading> periods(String path) throws ProviderException {
        JsonObject body = JsonFields.object(http.get(http.uri(path, Map.of()), Map.of(), List.of()), path);
        JsonElement data = body.get("data");
        JsonArray periods;
        String area = "national";
        if (postcode.isEmpty()) {
            periods = JsonFields.array(body, "data", path);
        } else {
            JsonObject region = data != null && data.isJsonArray() && !data.getAsJsonArray().isEmpty()
                    ? JsonFields.object(data.getAsJsonArray().get(0), path + " region")
                    : JsonFields.object(data, path + " region");
            periods = JsonFields.array(region, "data", path + " region");
            area = "region " + JsonFields.stringOr(region, "shortname", postcode.get()) + " (postcode "
                    + postcode.get() + ")";
        }
        List<IntensityReading> readings = new ArrayList<>();
        for (JsonElement element : periods) {
            JsonObject period = JsonFields.object(element, path + " period");
            JsonObject intensity = JsonFields.object(period.get("intensity"), path + " intensity");
            boolean actual = !JsonFields.isNull(intensity, "actual");
            double grams = JsonFields.number(intensity, actual ? "actual" : "forecast", path);
            readings.add(new IntensityReading(grams, ZONE, NAME, "GB Carbon Intensity API " + area + " "
                    + (actual ? "actual" : "forecast") + " (National Grid ESO)",
                    actual ? IntensityKind.MEASURED : IntensityKind.FORECAST,
                    JsonFields.instant(period, "from", path), JsonFields.instant(period, "to", path)));
        }
        if (readings.isEmpty()) {
            throw new ProviderException(FallbackReason.NO_DATA, path + " returned no periods");
        }
        return readings;
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "UkCarbonIntensityProvider[" + http.settings().baseUrl()
                + postcode.map(p -> ", postcode " + p).orElse("") + "]";
    }
}
