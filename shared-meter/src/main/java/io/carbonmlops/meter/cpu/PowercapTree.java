package io.carbonmlops.meter.cpu;

import io.carbonmlops.meter.TextFileReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the RAPL zones under a powercap root ({@code /sys/class/powercap} by default).
 *
 * <p>Domains are identified by each zone's {@code name} file, never by the zone's number: on a dual-socket
 * server {@code intel-rapl:1} is {@code package-1}, on a laptop it may be {@code psys}. Only
 * {@code intel-rapl:N} zones are read; {@code intel-rapl-mmio:N} zones report the same packages through
 * another interface and would count them twice.
 */
public final class PowercapTree {
    private static final Pattern TOP_ZONE = Pattern.compile("intel-rapl:\\d+");

    private PowercapTree() {}

    /**
     * The top-level zones with their subzones, ordered by directory name. A zone whose {@code name} or
     * {@code max_energy_range_uj} cannot be read is left out (it cannot be measured safely).
     *
     * @throws IOException when the root does not exist or cannot be listed
     */
    public static List<RaplZone> scan(Path root, TextFileReader reader) throws IOException {
        List<RaplZone> zones = new ArrayList<>();
        for (Path dir : list(root)) {
            if (TOP_ZONE.matcher(dir.getFileName().toString()).matches()) {
                readZone(dir, reader, subzonesOf(dir, reader)).ifPresent(zones::add);
            }
        }
        return zones;
    }

    private static List<RaplZone> subzonesOf(Path zoneDir, TextFileReader reader) throws IOException {
        Pattern subPattern = Pattern.compile(Pattern.quote(zoneDir.getFileName().toString()) + ":\\d+");
        List<RaplZone> subzones = new ArrayList<>();
        for (Path dir : list(zoneDir)) {
            if (subPattern.matcher(dir.getFileName().toString()).matches()) {
                readZone(dir, reader, List.of()).ifPresent(subzones::add);
            }
        }
        return subzones;
    }

    private static Optional<RaplZone> readZone(Path dir, TextFileReader reader, List<RaplZone> subzones) {
        try {
            String name = reader.read(dir.resolve("name")).trim();
            long range = Long.parseLong(reader.read(dir.resolve("max_energy_range_uj")).trim());
            if (range <= 0) {
                return Optional.empty();
            }
            return Optional.of(new RaplZone(dir, name, range, subzones));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }
}
