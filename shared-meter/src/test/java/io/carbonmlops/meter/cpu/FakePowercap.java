package io.carbonmlops.meter.cpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds a powercap tree on disk the way the kernel lays it out (zone directories with name/energy files). */
public final class FakePowercap {
    /** Intel's usual package range (~262 kJ). */
    public static final long INTEL_PACKAGE_RANGE_UJ = 262_143_328_850L;

    private final Path root;

    public FakePowercap(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Adds zone {@code dirName} (e.g. "intel-rapl:0" or "intel-rapl:0/intel-rapl:0:0") and returns its directory. */
    public Path zone(String dirName, String name, long maxRangeMicrojoules, long energyMicrojoules) {
        Path dir = root.resolve(dirName);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("name"), name + "\n");
            Files.writeString(dir.resolve("max_energy_range_uj"), maxRangeMicrojoules + "\n");
            Files.writeString(dir.resolve("enabled"), "1\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        setEnergy(dir, energyMicrojoules);
        return dir;
    }

    public static void setEnergy(Path zoneDir, long energyMicrojoules) {
        try {
            Files.writeString(zoneDir.resolve("energy_uj"), energyMicrojoules + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces energy_uj with a directory: unreadable even for root, as EACCES would be for a normal user. */
    public static void makeEnergyUnreadable(Path zoneDir) {
        try {
            Files.delete(zoneDir.resolve("energy_uj"));
            Files.createDirectory(zoneDir.resolve("energy_uj"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
