package io.carbonmlops.meter.carbon.schedule;

import io.carbonmlops.meter.carbon.Fallback;
import io.carbonmlops.meter.carbon.IntensityReading;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The intensity figures a plan is made on, and exactly what they are.
 *
 * @param zone      grid zone key
 * @param provider  the provider whose figures these are ({@code electricitymaps}, {@code uk}, {@code table}, …)
 * @param source    what was read, from the first figure's provenance (endpoint, signal, licence)
 * @param method    a provider forecast, a history profile (not a forecast), or none
 * @param fetchedAt when the figures were obtained (the decision time)
 * @param points    oldest first, never empty; each keeps its own kind ({@code forecast}, {@code measured} for the
 *                  current interval, {@code history-profile}, {@code yearly-average})
 * @param fallbacks providers skipped on the way, and why
 */
public record CarbonForecast(String zone, String provider, String source, ForecastMethod method, Instant fetchedAt,
        List<IntensityReading> points, List<Fallback> fallbacks) {

    public CarbonForecast {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        points = List.copyOf(points);
        fallbacks = List.copyOf(fallbacks);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a forecast holds at least one figure");
        }
    }

    /** True only for a provider's own forecast. */
    public boolean isProviderForecast() {
        return method == ForecastMethod.PROVIDER_FORECAST;
    }

    /** End of the last interval the figures cover. */
    public Instant coveredUntil() {
        return points.get(points.size() - 1).to();
    }
}
