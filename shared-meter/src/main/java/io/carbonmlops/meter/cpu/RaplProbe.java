package io.carbonmlops.meter.cpu;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceStatus;
import io.carbonmlops.meter.EnergySource;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.SourceDiscovery;
import io.carbonmlops.meter.TextFileReader;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Tries to read the {@code energy_uj} counter of the RAPL zones of one kind (packages, or dram), so discovery
 * can choose between RAPL and an estimate before any window starts.
 *
 * @param initialMicrojoules every readable zone with its counter now, in tree order
 * @param problem            why RAPL cannot be used for this kind (a sentence naming the file), or null
 * @param shortProblem       the same in a few words for one-line notes, or null
 * @param remedy             what would make RAPL usable, fitting the cause ("" when nothing on this machine would)
 */
public record RaplProbe(Map<RaplZone, Long> initialMicrojoules, String problem, String shortProblem, String remedy) {
    /** What to do about a counter that exists but is not readable; shared by the CPU and RAM warnings. */
    public static final String PERMISSION_REMEDY = "to measure it, run as root, or grant read access "
            + "(sudo chmod a+r /sys/class/powercap/intel-rapl:*/energy_uj, or a udev rule so it survives reboots)";

    public boolean usable() {
        return problem == null;
    }

    /** Probes the zones (and subzones) under {@code root} that {@code wanted} selects, e.g. packages or dram. */
    public static RaplProbe probe(Path root, TextFileReader reader, Predicate<RaplZone> wanted, String what) {
        List<RaplZone> zones;
        try {
            zones = PowercapTree.scan(root, reader);
        } catch (IOException e) {
            return failed("no powercap tree at " + root + " (" + describe(e) + "): not Linux on Intel/AMD, the "
                    + "intel_rapl_common module not loaded, a VM, or a container that masks powercap",
                    "no " + root, "in a container on a host with RAPL, bind-mount " + root + " into it");
        }
        Map<RaplZone, Long> readings = new LinkedHashMap<>();
        for (RaplZone zone : zones) {
            for (RaplZone candidate : withSubzones(zone)) {
                if (!wanted.test(candidate)) {
                    continue;
                }
                try {
                    readings.put(candidate, RaplEnergySource.readMicrojoules(candidate.energyFile(), reader));
                } catch (IOException e) {
                    boolean denied = e instanceof AccessDeniedException;
                    return failed(candidate.energyFile() + " is not readable (" + describe(e) + "; energy_uj is "
                            + "root-only since CVE-2020-8694)", denied ? "energy_uj permission denied" : "energy_uj unreadable",
                            denied ? PERMISSION_REMEDY : "");
                }
            }
        }
        if (readings.isEmpty()) {
            return failed("no RAPL " + what + " zone under " + root, "no RAPL " + what + " zone", "");
        }
        return new RaplProbe(readings, null, null, "");
    }

    /**
     * One counter source per probed zone, counted from its probed reading, with its status.
     *
     * @param deviceOf the device a zone measures, given the zone's position among the probed zones (0, 1, ...)
     */
    public SourceDiscovery sources(TextFileReader reader, BiFunction<Integer, RaplZone, DeviceId> deviceOf) {
        List<EnergySource> sources = new ArrayList<>();
        List<DeviceStatus> statuses = new ArrayList<>();
        for (Map.Entry<RaplZone, Long> entry : initialMicrojoules.entrySet()) {
            RaplZone zone = entry.getKey();
            DeviceId device = deviceOf.apply(sources.size(), zone);
            RaplEnergySource source = new RaplEnergySource(device, zone, entry.getValue(), reader);
            sources.add(source);
            statuses.add(new DeviceStatus(device, MeasurementMethod.RAPL, "RAPL counter " + zone.energyFile()
                    + ", read every " + source.pollInterval().toMillis() + " ms"));
        }
        return new SourceDiscovery(sources, statuses, List.of());
    }

    private static List<RaplZone> withSubzones(RaplZone zone) {
        List<RaplZone> all = new ArrayList<>();
        all.add(zone);
        all.addAll(zone.subzones());
        return all;
    }

    private static RaplProbe failed(String problem, String shortProblem, String remedy) {
        return new RaplProbe(Map.of(), problem, shortProblem, remedy);
    }

    /** An I/O failure in words: "permission denied" rather than a bare path. */
    static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
