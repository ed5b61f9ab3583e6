package io.carbonmlops.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fake powercap tree and procfs on disk, so CPU and RAM figures are exact: one RAPL package zone and its dram
 * sub-zone, whose counters a measured command moves with {@link #advanceScript()}.
 */
final class FakeMachine {
    static final long PACKAGE_START_UJ = 1_000_000;
    static final long DRAM_START_UJ = 500_000;
    private static final long RANGE_UJ = 262_143_328_850L;

    private final Path powercapRoot;
    private final Path procRoot;

    FakeMachine(Path dir) {
        powercapRoot = dir.resolve("powercap");
        procRoot = dir.resolve("proc");
        zone("intel-rapl:0", "package-0", PACKAGE_START_UJ);
        zone("intel-rapl:0/intel-rapl:0:0", "dram", DRAM_START_UJ);
        write(procRoot.resolve("stat"), "cpu  100 0 0 900 0 0 0 0 0 0\ncpu0 100 0 0 900 0 0 0 0 0 0\n");
        write(procRoot.resolve("cpuinfo"), "processor\t: 0\nmodel name\t: Fake CPU\nphysical id\t: 0\n\n");
        write(procRoot.resolve("meminfo"), "MemTotal: 16000000 kB\nMemAvailable: 8000000 kB\n");
    }

    /** The options that point carbon at this machine. */
    String[] meterOptions() {
        return new String[] {"--powercap-root", powercapRoot.toString(), "--proc-root", procRoot.toString(),
            "--cgroup-root", procRoot.resolveSibling("cgroup").toString()};
    }

    Path procRoot() {
        return procRoot;
    }

    /**
     * A shell script (arguments: package joules, dram joules) that adds that energy to the counters the way the
     * kernel would, replacing each file by rename so the meter's poller never reads half a number.
     */
    String advanceScript() {
        return "set -e; "
                + "printf '%s\\n' $((" + PACKAGE_START_UJ + " + $1 * 1000000)) > '" + packageEnergy() + ".tmp'; "
                + "mv '" + packageEnergy() + ".tmp' '" + packageEnergy() + "'; "
                + "printf '%s\\n' $((" + DRAM_START_UJ + " + $2 * 1000000)) > '" + dramEnergy() + ".tmp'; "
                + "mv '" + dramEnergy() + ".tmp' '" + dramEnergy() + "'";
    }

    private Path packageEnergy() {
        return powercapRoot.resolve("intel-rapl:0/energy_uj");
    }

    private Path dramEnergy() {
        return powercapRoot.resolve("intel-rapl:0/intel-rapl:0:0/energy_uj");
    }

    private void zone(String dirName, String name, long energyMicrojoules) {
        Path dir = powercapRoot.resolve(dirName);
        write(dir.resolve("name"), name + "\n");
        write(dir.resolve("max_energy_range_uj"), RANGE_UJ + "\n");
        write(dir.resolve("enabled"), "1\n");
        write(dir.resolve("energy_uj"), energyMicrojoules + "\n");
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
