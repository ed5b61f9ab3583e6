package io.carbonmlops.meter.carbon.schedule;

import io.carbonmlops.meter.carbon.Fallback;
import io.carbonmlops.meter.carbon.FallbackReason;
import io.carbonmlops.meter.carbon.IntensityKind;
import io.carbonmlops.meter.carbon.IntensityReading;
import io.carbonmlops.meter.carbon.IntensityResult;
import io.carbonmlops.meter.carbon.ProviderChain;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Figures for planning from the configured {@link ProviderChain}, so they share its HTTP setup, credentials,
 * timeouts, fallbacks and cache. In order:
 * <ol>
 *   <li>the first provider's forecast ({@link ForecastMethod#PROVIDER_FORECAST});</li>
 *   <li>without one, the mean of the same hour over the last {@value #HISTORY_DAYS} days of the provider's measured
 *       history ({@link ForecastMethod#HISTORY_SAME_HOURS}, kind {@code history-profile}: not a forecast);</li>
 *   <li>without either, the current figure alone ({@link ForecastMethod#NONE}): no basis for shifting.</li>
 * </ol>
 * The forecast horizon is rounded up to whole hours so that re-checks during a wait hit the chain's cache.
 */
public final class ChainForecasts implements ForecastProvider {
    static final int HISTORY_DAYS = 7;
    static final Duration MAX_HORIZON = Duration.ofHours(72);

    private final ProviderChain chain;

    public ChainForecasts(ProviderChain chain) {
        this.chain = chain;
    }

    @Override
    public CarbonForecast forecast(String zone, Instant from, Instant until) {
        List<Fallback> notes = new ArrayList<>();
        IntensityResult forecast = chain.forecast(zone, horizon(from, until));
        notes.addAll(forecast.fallbacks());
        List<IntensityReading> ahead = forecast.readings().stream().filter(r -> r.to().isAfter(from)).toList();
        if (isLive(forecast) && !ahead.isEmpty()) {
            return new CarbonForecast(zone, forecast.provider(), ahead.get(0).source(), ForecastMethod.PROVIDER_FORECAST,
                    from, ahead, notes);
        }
        if (isLive(forecast)) {
            notes.add(new Fallback(forecast.provider(), FallbackReason.NO_DATA, "its forecast ends at "
                    + forecast.readings().get(forecast.readings().size() - 1).to() + ", before " + from));
        }
        IntensityResult history = chain.over(zone, from.minus(Duration.ofDays(HISTORY_DAYS)), from);
        notes.addAll(history.fallbacks());
        if (isLive(history)) {
            List<IntensityReading> profile = HistoryProfile.sameHours(history.readings(), from, until, HISTORY_DAYS);
            if (!profile.isEmpty()) {
                return new CarbonForecast(zone, history.provider(), profile.get(0).source(),
                        ForecastMethod.HISTORY_SAME_HOURS, from, profile, notes);
            }
            notes.add(new Fallback(history.provider(), FallbackReason.NO_DATA,
                    "its history has no interval a day or more before the hours to plan"));
        }
        IntensityResult latest = chain.latest(zone);
        notes.addAll(latest.fallbacks());
        return new CarbonForecast(zone, latest.provider(), latest.first().source(), ForecastMethod.NONE, from,
                List.of(latest.first()), notes);
    }

    /** Figures from a live provider with per-interval data, as opposed to the table's yearly average. */
    private static boolean isLive(IntensityResult result) {
        return result.readings().stream().allMatch(r -> r.kind().isPerInterval())
                && result.readings().stream().noneMatch(r -> r.kind() == IntensityKind.YEARLY_AVERAGE);
    }

    static Duration horizon(Instant from, Instant until) {
        long minutes = Math.max(1, Duration.between(from, until).toMinutes());
        Duration hours = Duration.ofHours((minutes + 59) / 60);
        return hours.compareTo(MAX_HORIZON) > 0 ? MAX_HORIZON : hours;
    }
}
