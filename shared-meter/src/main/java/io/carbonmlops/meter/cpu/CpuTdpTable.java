package io.carbonmlops.meter.cpu;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Thermal design power per package of a few common CPUs, from the vendors' specification pages (Intel ARK
 * "Processor Base Power"/TDP, AMD product pages "Default TDP"). Matched by a model token appearing in
 * {@code /proc/cpuinfo}'s model name, so "Intel(R) Xeon(R) Platinum 8480C" matches "Platinum 8480".
 * Deliberately small: configure {@code cpuTdpWatts} for anything else; docs/meter.md lists the entries.
 */
public final class CpuTdpTable {
    /** CodeCarbon's default for CPUs missing from its table; an ordinary mid-range server part. */
    public static final double GENERIC_TDP_WATTS = 85;
    /**
     * Threads assumed for a package of unknown model when only a share of it is visible (a VM): a mid-range server
     * part (16 cores, 32 threads), which puts a generic vCPU at 85 / 32 = 2.7 W at full load.
     */
    public static final int GENERIC_THREADS_PER_PACKAGE = 32;

    private static final Map<String, Package> BY_MODEL_TOKEN = new LinkedHashMap<>();

    /** One package of a model: its TDP and its hardware threads (what a VM's vCPUs are shares of). */
    public record Package(double watts, int threads) {}

    static {
        // Intel Xeon Scalable
        BY_MODEL_TOKEN.put("PLATINUM 8480", new Package(350, 112));   // Sapphire Rapids, DGX H100 hosts
        BY_MODEL_TOKEN.put("PLATINUM 8468", new Package(350, 96));
        BY_MODEL_TOKEN.put("PLATINUM 8380", new Package(270, 80));    // Ice Lake
        BY_MODEL_TOKEN.put("GOLD 6338", new Package(205, 64));
        // AMD EPYC
        BY_MODEL_TOKEN.put("EPYC 9654", new Package(360, 192));       // Genoa
        BY_MODEL_TOKEN.put("EPYC 9554", new Package(360, 128));
        BY_MODEL_TOKEN.put("EPYC 7763", new Package(280, 128));       // Milan
        BY_MODEL_TOKEN.put("EPYC 7543", new Package(225, 64));
        BY_MODEL_TOKEN.put("EPYC 7742", new Package(225, 128));       // Rome, DGX A100 hosts
        // Desktop parts common on build agents
        BY_MODEL_TOKEN.put("I9-13900K", new Package(125, 32));
        BY_MODEL_TOKEN.put("RYZEN 9 7950X", new Package(170, 32));
    }

    private CpuTdpTable() {}

    /** TDP of one package of this model, if the table knows it. */
    public static OptionalDouble wattsPerPackage(String modelName) {
        return lookup(modelName).map(p -> OptionalDouble.of(p.watts())).orElse(OptionalDouble.empty());
    }

    /** One package of this model, if the table knows it. */
    public static Optional<Package> lookup(String modelName) {
        String upper = modelName.toUpperCase(Locale.ROOT);
        for (Map.Entry<String, Package> entry : BY_MODEL_TOKEN.entrySet()) {
            if (upper.contains(entry.getKey())) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }

    /** The table, for documentation and tests. */
    public static Map<String, Package> entries() {
        return Map.copyOf(BY_MODEL_TOKEN);
    }
}
