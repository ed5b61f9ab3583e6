package io.carbonmlops.meter;

import java.util.ArrayList;
import java.util.List;

/**
 * What one backend (NVML, RAPL or its estimate, RAM) found: the sources it opened, the status of every
 * device it looked at, and warnings that every measurement taken with these sources must carry.
 */
public record SourceDiscovery(List<EnergySource> sources, List<DeviceStatus> statuses, List<String> warnings) {
    public SourceDiscovery {
        sources = List.copyOf(sources);
        statuses = List.copyOf(statuses);
        warnings = List.copyOf(warnings);
    }

    public static SourceDiscovery empty() {
        return new SourceDiscovery(List.of(), List.of(), List.of());
    }

    /** Concatenates discoveries in order (GPUs first, then CPU, then RAM). */
    public static SourceDiscovery concat(List<SourceDiscovery> parts) {
        List<EnergySource> sources = new ArrayList<>();
        List<DeviceStatus> statuses = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (SourceDiscovery part : parts) {
            sources.addAll(part.sources());
            statuses.addAll(part.statuses());
            warnings.addAll(part.warnings());
        }
        return new SourceDiscovery(sources, statuses, warnings);
    }
}
