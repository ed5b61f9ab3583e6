package io.carbonmlops.meter.carbon;

import io.carbonmlops.meter.MeterClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Provider answers keyed by provider, zone, operation and interval; least recently used entries go first. */
final class IntensityCache {
    static final Duration FOREVER = Duration.ofDays(3650);
    private static final int MAX_ENTRIES = 1024;

    record Key(String provider, String zone, String operation, Instant from, Instant to) {}

    private record Entry(List<IntensityReading> readings, Instant expiresAt) {}

    private final MeterClock clock;
    private final Map<Key, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    IntensityCache(MeterClock clock) {
        this.clock = clock;
    }

    synchronized List<IntensityReading> get(Key key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!clock.wallTime().isBefore(entry.expiresAt)) {
            entries.remove(key);
            return null;
        }
        return entry.readings;
    }

    synchronized void put(Key key, List<IntensityReading> readings, Duration ttl) {
        entries.put(key, new Entry(List.copyOf(readings), clock.wallTime().plus(ttl)));
    }
}
