package io.carbonmlops.meter.ram;

import java.io.IOException;
import java.nio.file.Path;

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
        long total = kibibytes(meminfo, "MemTotal:");
        if (total < 0) {
            throw new IOException(file + " has no MemTotal line");
        }
        long available = kibibytes(meminfo, "MemAvailable:");
        if (available < 0) {
            available = Math.max(0, kibibytes(meminfo, "MemFree:")) + Math.max(0, kibibytes(meminfo, "Buffers:"))
                    + Math.max(0, kibibytes(meminfo, "Cached:"));
        }
        return Math.max(0, total - available) / KIB_PER_GIB;
    }

    /** The number after {@code key} at the start of a line, or -1 when there is none. No regex: runs every poll. */
    private static long kibibytes(String meminfo, String key) {
        int at = meminfo.startsWith(key) ? 0 : meminfo.indexOf("\n" + key);
        if (at < 0) {
            return -1;
        }
        int pos = meminfo.indexOf(':', at) + 1;
        while (pos < meminfo.length() && meminfo.charAt(pos) == ' ') {
            pos++;
        }
        long value = 0;
        int digits = 0;
        while (pos < meminfo.length() && Character.isDigit(meminfo.charAt(pos))) {
            value = value * 10 + (meminfo.charAt(pos++) - '0');
            digits++;
        }
        return digits == 0 ? -1 : value;
    }
}
