package io.carbonmlops.meter.ram;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Memory in use according to {@code /proc/meminfo}: {@code MemTotal − MemAvailable} (the kernel's own estimate
 * of what could be handed out without swapping, so page cache does not count as in use). Kernels older than
 * 3.14 lack {@code MemAvailable}; then {@code MemTotal − MemFree − Buffers − Cached}.
 */
public final class MemoryInUse {
    private static final double KIB_PER_GIB = 1024 * 1024;

    private MemoryInUse() {}

    /** Memory in use in GiB (2^30 bytes, the unit DIMMs are sold in as "GB"). */
    public static double parseGibibytes(String meminfo, Path file) throws IOException {
        Map<String, Long> kib = new HashMap<>();
        for (String line : meminfo.split("\n")) {
            String[] fields = line.trim().split("[:\\s]+");
            if (fields.length >= 2) {
                try {
                    kib.put(fields[0], Long.parseLong(fields[1]));
                } catch (NumberFormatException e) {
                    // Not a "Name: value kB" line; irrelevant to us.
                }
            }
        }
        Long total = kib.get("MemTotal");
        if (total == null) {
            throw new IOException(file + " has no MemTotal line");
        }
        long available = kib.containsKey("MemAvailable") ? kib.get("MemAvailable")
                : kib.getOrDefault("MemFree", 0L) + kib.getOrDefault("Buffers", 0L) + kib.getOrDefault("Cached", 0L);
        return Math.max(0, total - available) / KIB_PER_GIB;
    }
}
