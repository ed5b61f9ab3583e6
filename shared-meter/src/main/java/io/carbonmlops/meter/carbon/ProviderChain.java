package io.carbonmlops.meter.carbon;

import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.carbon.table.GridIntensityTable;
import io.carbonmlops.meter.carbon.table.TableProvider;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Providers tried in the order the user configured (e.g. {@code electricitymaps,table}); each failure is recorded
 * with its reason and the next provider is asked. The world average from the shipped table always ends the chain,
 * so a figure is always produced, and marked {@code world-average} when it is the one used.
 *
 * <p>Answers are cached per provider, zone and interval: past ranges are fetched hour-aligned and kept (they do not
 * change), current figures and forecasts for {@link #DEFAULT_LATEST_TTL}. Failures are not cached. Thread-safe.
 */
public final class ProviderChain implements AutoCloseable {
    public static final Duration DEFAULT_LATEST_TTL = Duration.ofMinutes(5);

    private final List<CarbonIntensityProvider> providers;
    private final MeterClock clock;
    private final Duration latestTtl;
    private final IntensityCache cache;

    public ProviderChain(List<CarbonIntensityProvider> providers, GridIntensityTable table, MeterClock clock,
            Duration latestTtl) {
        List<CarbonIntensityProvider> all = new ArrayList<>(providers);
        all.add(TableProvider.worldAverage(table));
        this.providers = List.copyOf(all);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.latestTtl = Objects.requireNonNull(latestTtl, "latestTtl");
        this.cache = new IntensityCache(clock);
    }

    public ProviderChain(List<CarbonIntensityProvider> providers, MeterClock clock) {
        this(providers, GridIntensityTable.shipped(), clock, DEFAULT_LATEST_TTL);
    }

    /** Provider names in order, the implicit world average included. */
    public List<String> names() {
        return providers.stream().map(CarbonIntensityProvider::name).toList();
    }

    /** The configured provider of that name, for provider-specific signals (WattTime's signal index). */
    public Optional<CarbonIntensityProvider> provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The current figure for a zone key. */
    public IntensityResult latest(String zone) {
        return ask(zone, "latest", Instant.EPOCH, Instant.EPOCH, latestTtl, p -> List.of(p.latest(zone)));
    }

    /**
     * Figures for the intervals overlapping [start, end): per-interval readings from a live provider, or one reading
     * spanning the range from the table. The range is widened to whole hours so that nearby windows share a cache
     * entry.
     */
    public IntensityResult over(String zone, Instant start, Instant end) {
        Instant from = start.truncatedTo(ChronoUnit.HOURS);
        Instant to = end.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        Duration ttl = to.isBefore(clock.wallTime()) ? IntensityCache.FOREVER : latestTtl;
        IntensityResult result = ask(zone, "range", from, to, ttl, p -> p.range(zone, from, to));
        List<IntensityReading> overlapping = result.readings().stream()
                .filter(r -> r.to().isAfter(start) && r.from().isBefore(end.plusNanos(1))).toList();
        if (overlapping.isEmpty() || overlapping.size() == result.readings().size()) {
            return result;
        }
        return new IntensityResult(overlapping, result.provider(), result.fallbacks(), result.cacheHit());
    }

    public IntensityResult forecast(String zone, Duration horizon) {
        return ask(zone, "forecast-" + horizon.toMinutes(), Instant.EPOCH, Instant.EPOCH, latestTtl,
                p -> p.forecast(zone, horizon));
    }

    private IntensityResult ask(String zone, String operation, Instant from, Instant to, Duration ttl, Call call) {
        List<Fallback> fallbacks = new ArrayList<>();
        for (CarbonIntensityProvider provider : providers) {
            IntensityCache.Key key = new IntensityCache.Key(provider.name(), zone, operation, from, to);
            List<IntensityReading> cached = cache.get(key);
            if (cached != null) {
                return new IntensityResult(cached, provider.name(), fallbacks, true);
            }
            try {
                List<IntensityReading> readings = call.on(provider);
                cache.put(key, readings, ttl);
                return new IntensityResult(readings, provider.name(), fallbacks, false);
            } catch (ProviderException e) {
                fallbacks.add(new Fallback(provider.name(), e.reason(), e.getMessage()));
            } catch (RuntimeException e) {
                // A provider bug must not lose the measurement; it is reported like any other failure.
                fallbacks.add(new Fallback(provider.name(), FallbackReason.PROVIDER_ERROR,
                        e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        throw new IllegalStateException("the world-average provider never fails; fallbacks: " + fallbacks);
    }

    @Override
    public void close() {
        providers.forEach(CarbonIntensityProvider::close);
    }

    @FunctionalInterface
    private interface Call {
        List<IntensityReading> on(CarbonIntensityProvider provider) throws ProviderException;
    }
}
