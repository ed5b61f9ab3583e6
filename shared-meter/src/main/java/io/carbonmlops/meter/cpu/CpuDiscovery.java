package io.carbonmlops.meter.cpu;

import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.MeterConfig;
import io.carbonmlops.meter.SourceDiscovery;

/** Placeholder until the cpu sources land. */
public final class CpuDiscovery {
    private CpuDiscovery() {}

    public static SourceDiscovery discover(MeterConfig config, MeterClock clock) {
        return SourceDiscovery.empty();
    }
}
