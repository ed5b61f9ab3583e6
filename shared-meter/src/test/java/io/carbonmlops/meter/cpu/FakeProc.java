package io.carbonmlops.meter.cpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A procfs stand-in: stat, cpuinfo and meminfo files a test rewrites between reads. */
public final class FakeProc {
    private final Path root;

    public FakeProc(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Writes /proc/stat with the given busy (all in "user") and idle ticks; per-CPU lines follow, as the kernel's do. */
    public FakeProc stat(long busyTicks, long idleTicks) {
        return write("stat", "cpu  " + busyTicks + " 0 0 " + idleTicks + " 0 0 0 0 0 0\n"
                + "cpu0 " + busyTicks + " 0 0 " + idleTicks + " 0 0 0 0 0 0\n"
                + "intr 12345 0 0\nctxt 999\nbtime 1700000000\n");
    }

    public FakeProc cpuinfo(String modelName, int packages) {
        return cpuinfo(modelName, packages, 1, false);
    }

    /** cpuinfo of {@code packages} x {@code cpusPerPackage} logical CPUs; {@code vm} sets the hypervisor flag. */
    public FakeProc cpuinfo(String modelName, int packages, int cpusPerPackage, boolean vm) {
        StringBuilder text = new StringBuilder();
        int processor = 0;
        for (int p = 0; p < packages; p++) {
            for (int c = 0; c < cpusPerPackage; c++) {
                text.append("processor\t: ").append(processor++).append('\n')
                        .append("vendor_id\t: GenuineIntel\n")
                        .append("model name\t: ").append(modelName).append('\n')
                        .append("physical id\t: ").append(p).append('\n')
                        .append("flags\t\t: fpu vme").append(vm ? " hypervisor" : "").append(" lahf_lm\n\n");
            }
        }
        return write("cpuinfo", text.toString());
    }

    /** /proc/self/cgroup naming the process's cgroup, e.g. "0::/job" (v2) or "4:cpu,cpuacct:/job" (v1). */
    public FakeProc selfCgroup(String lines) {
        try {
            Files.createDirectories(root.resolve("self"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return write("self/cgroup", lines);
    }

    public FakeProc meminfo(long totalKib, long availableKib) {
        return write("meminfo", "MemTotal:       " + totalKib + " kB\nMemFree:         1000 kB\n"
                + "MemAvailable:   " + availableKib + " kB\nBuffers:          100 kB\nCached:     2000 kB\n"
                + "HugePages_Total:       0\n");
    }

    private FakeProc write(String file, String text) {
        try {
            Files.createDirectories(root);
            Files.writeString(root.resolve(file), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
