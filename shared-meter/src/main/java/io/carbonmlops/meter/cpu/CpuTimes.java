package io.carbonmlops.meter.cpu;

import java.io.IOException;
import java.nio.file.Path;

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

    /** Parses the aggregate {@code cpu} line of a {@code /proc/stat} text. */
    public static CpuTimes parse(String procStat, Path file) throws IOException {
        for (String line : procStat.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > IOWAIT + 1 && fields[0].equals("cpu")) {
                return fromFields(fields, file);
            }
        }
        throw new IOException(file + " has no aggregate 'cpu' line");
    }

    private static CpuTimes fromFields(String[] fields, Path file) throws IOException {
        long total = 0;
        long idle = 0;
        try {
            for (int i = 0; i < COUNTED_FIELDS && i + 1 < fields.length; i++) {
                long ticks = Long.parseLong(fields[i + 1]);
                total += ticks;
                if (i == IDLE || i == IOWAIT) {
                    idle += ticks;
                }
            }
        } catch (NumberFormatException e) {
            throw new IOException(file + " has a malformed 'cpu' line: " + String.join(" ", fields), e);
        }
        return new CpuTimes(total - idle, total);
    }

    /**
     * Share of the time between {@code earlier} and this reading that the CPUs were busy, 0 to 1; empty when no
     * tick elapsed (readings closer together than one clock tick, usually 10 ms).
     */
    public java.util.OptionalDouble utilisationSince(CpuTimes earlier) {
        long totalDelta = totalTicks - earlier.totalTicks;
        if (totalDelta <= 0) {
            return java.util.OptionalDouble.empty();
        }
        double busyDelta = Math.max(0, busyTicks - earlier.busyTicks);
        return java.util.OptionalDouble.of(Math.min(1.0, busyDelta / totalDelta));
    }
}
