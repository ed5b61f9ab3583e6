package io.carbonmlops.meter.cpu;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * The machine-wide CPU time counters of {@code /proc/stat}'s first line, in clock ticks.
 *
 * <p>The line reads {@code cpu user nice system idle iowait irq softirq steal guest guest_nice}. Idle time is
 * {@code idle + iowait}; the total is the first eight fields ({@code guest} and {@code guest_nice} are already
 * counted in {@code user} and {@code nice}, so they are not added again).
 *
 * @param busyTicks  total minus idle ticks
 * @param totalTicks all ticks
 */
public record CpuTimes(long busyTicks, long totalTicks) {
    private static final int COUNTED_FIELDS = 8;
    private static final int IDLE = 3;
    private static final int IOWAIT = 4;

    /** Parses the aggregate {@code cpu} line, which the kernel writes first, of a {@code /proc/stat} text. */
    public static CpuTimes parse(String procStat, Path file) throws IOException {
        int lineEnd = procStat.indexOf('\n');
        String line = lineEnd < 0 ? procStat : procStat.substring(0, lineEnd);
        if (!line.startsWith("cpu ")) {
            throw new IOException(file + " does not start with the aggregate 'cpu' line");
        }
        // Hand-rolled tokenising: this runs every poll, interpreted, so no regular expressions.
        long total = 0;
        long idle = 0;
        int field = 0;
        int pos = "cpu".length();
        while (field < COUNTED_FIELDS) {
            while (pos < line.length() && line.charAt(pos) == ' ') {
                pos++;
            }
            if (pos == line.length()) {
                break;
            }
            long ticks = 0;
            while (pos < line.length() && line.charAt(pos) != ' ') {
                char c = line.charAt(pos++);
                if (c < '0' || c > '9') {
                    throw new IOException(file + " has a malformed 'cpu' line: " + line);
                }
                ticks = ticks * 10 + (c - '0');
            }
            total += ticks;
            if (field == IDLE || field == IOWAIT) {
                idle += ticks;
            }
            field++;
        }
        if (field <= IOWAIT) {
            throw new IOException(file + " has too few fields on its 'cpu' line: " + line);
        }
        return new CpuTimes(total - idle, total);
    }

    /**
     * Share of the time between {@code earlier} and this reading that the CPUs were busy, 0 to 1; empty when no
     * tick elapsed (readings closer together than one clock tick, usually 10 ms).
     */
    public OptionalDouble utilisationSince(CpuTimes earlier) {
        long totalDelta = totalTicks - earlier.totalTicks;
        if (totalDelta <= 0) {
            return OptionalDouble.empty();
        }
        double busyDelta = Math.max(0, busyTicks - earlier.busyTicks);
        return OptionalDouble.of(Math.min(1.0, busyDelta / totalDelta));
    }
}
