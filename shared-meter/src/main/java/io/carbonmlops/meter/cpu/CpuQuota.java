package io.carbonmlops.meter.cpu;

import io.carbonmlops.meter.TextFileReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The CPU quota of this process's cgroup in CPUs ({@code quota / period}): cgroup v2 {@code cpu.max}, else v1
 * {@code cpu.cfs_quota_us} and {@code cpu.cfs_period_us}. Empty when there is none or nothing can be read: neither
 * procfs nor the cgroup tree is assumed readable.
 */
public final class CpuQuota {
    private static final List<String> V1_CPU_DIRECTORIES = List.of("cpu,cpuacct", "cpu", "cpuacct,cpu");

    private CpuQuota() {}

    /** The quota of the cgroup {@code procRoot/self/cgroup} names, looked up under {@code cgroupRoot}. */
    public static OptionalDouble cpus(Path procRoot, Path cgroupRoot, TextFileReader reader) {
        String membership;
        try {
            membership = reader.read(procRoot.resolve("self").resolve("cgroup"));
        } catch (IOException e) {
            membership = "";
        }
        for (String line : membership.split("\n")) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            String group = relative(parts[2].strip());
            if (parts[1].isEmpty()) {
                OptionalDouble v2 = smallestV2(reader, cgroupRoot, group);
                if (v2.isPresent()) {
                    return v2;
                }
            } else if (List.of(parts[1].split(",")).contains("cpu")) {
                for (String directory : V1_CPU_DIRECTORIES) {
                    Path base = cgroupRoot.resolve(directory);
                    OptionalDouble v1 = firstV1(reader, base.resolve(group), base);
                    if (v1.isPresent()) {
                        return v1;
                    }
                }
            }
        }
        // A container with its own cgroup namespace may show no membership line we can follow; its root may still say.
        return smallestV2(reader, cgroupRoot, ".");
    }

    /** The tightest {@code cpu.max} from the group up to the root: an ancestor's limit binds its descendants. */
    private static OptionalDouble smallestV2(TextFileReader reader, Path cgroupRoot, String group) {
        OptionalDouble smallest = OptionalDouble.empty();
        Path root = cgroupRoot.normalize();
        for (Path directory = root.resolve(group).normalize(); directory != null && directory.startsWith(root);
                directory = directory.getParent()) {
            OptionalDouble here = cpuMax(reader, directory.resolve("cpu.max"));
            if (here.isPresent() && (smallest.isEmpty() || here.getAsDouble() < smallest.getAsDouble())) {
                smallest = here;
            }
        }
        return smallest;
    }

    private static String relative(String group) {
        String trimmed = group.replaceAll("^/+", "");
        return trimmed.isEmpty() || trimmed.contains("..") ? "." : trimmed;
    }

    /** {@code "200000 100000"} is 2 CPUs; {@code "max 100000"} (no limit) or an unreadable file is none. */
    private static OptionalDouble cpuMax(TextFileReader reader, Path file) {
        try {
            String[] fields = reader.read(file).strip().split("\\s+");
            if (fields.length == 2 && !fields[0].equals("max")) {
                return ratio(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]));
            }
        } catch (IOException | NumberFormatException e) {
            // unreadable or malformed: no limit known here
        }
        return OptionalDouble.empty();
    }

    private static OptionalDouble firstV1(TextFileReader reader, Path... directories) {
        for (Path directory : directories) {
            try {
                double quota = Double.parseDouble(reader.read(directory.resolve("cpu.cfs_quota_us")).strip());
                double period = Double.parseDouble(reader.read(directory.resolve("cpu.cfs_period_us")).strip());
                return quota < 0 ? OptionalDouble.empty() : ratio(quota, period);
            } catch (IOException | NumberFormatException e) {
                // not here; try the next
            }
        }
        return OptionalDouble.empty();
    }

    private static OptionalDouble ratio(double quota, double period) {
        return quota > 0 && period > 0 ? OptionalDouble.of(quota / period) : OptionalDouble.empty();
    }
}
