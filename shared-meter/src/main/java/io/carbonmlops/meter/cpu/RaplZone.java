package io.carbonmlops.meter.cpu;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One powercap RAPL zone as found on disk.
 *
 * @param directory               the zone's directory ({@code …/intel-rapl:0} or {@code …/intel-rapl:0:1})
 * @param name                    the domain from the zone's {@code name} file: {@code package-0}, {@code dram}, {@code psys}…
 * @param maxEnergyRangeMicrojoules where {@code energy_uj} wraps to 0
 * @param subzones                the zone's subzones ({@code core}, {@code uncore}, {@code dram})
 */
public record RaplZone(Path directory, String name, long maxEnergyRangeMicrojoules, List<RaplZone> subzones) {
    public RaplZone {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(name, "name");
        subzones = List.copyOf(subzones);
    }

    public Path energyFile() {
        return directory.resolve("energy_uj");
    }

    /** {@code package-N} or {@code package-N-die-D}: one CPU package (socket) or one of its dies. */
    public boolean isPackage() {
        return name.startsWith("package-");
    }

    public boolean isDram() {
        return name.equals("dram");
    }

    /** The N of {@code package-N…}, or 0 for names that carry none. */
    public int packageIndex() {
        String[] parts = name.split("-");
        if (parts.length >= 2 && parts[0].equals("package")) {
            try {
                return Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }
}
