package io.carbonmlops.meter.cpu;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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

    private static final Map<String, Double> WATTS_BY_MODEL_TOKEN = new LinkedHashMap<>();

    static {
        // Intel Xeon Scalable
        WATTS_BY_MODEL_TOKEN.put("PLATINUM 8480", 350.0);   // Sapphire Rapids, DGX H100 hosts
        WATTS_BY_MODEL_TOKEN.put("PLATINUM 8468", 350.0);
        WATTS_BY_MODEL_TOKEN.put("PLATINUM 8380", 270.0);   // Ice Lake
        WATTS_BY_MODEL_TOKEN.put("GOLD 6338", 205.0);
        // AMD EPYC
        WATTS_BY_MODEL_TOKEN.put("EPYC 9654", 360.0);       // Genoa
        WATTS_BY_MODEL_TOKEN.put("EPYC 9554", 360.0);
        WATTS_BY_MODEL_TOKEN.put("EPYC 7763", 280.0);       // Milan
        WATTS_BY_MODEL_TOKEN.put("EPYC 7543", 225.0);
        WATTS_BY_MODEL_TOKEN.put("EPYC 7742", 225.0);       // Rome, DGX A100 hosts
        // Desktop parts common on build agents
        WATTS_BY_MODEL_TOKEN.put("I9-13900K", 125.0);
        WATTS_BY_MODEL_TOKEN.put("RYZEN 9 7950X", 170.0);
    }

    private CpuTdpTable() {}

    /** TDP of one package of this model, if the table knows it. */
    public static OptionalDouble wattsPerPackage(String modelName) {
        String upper = modelName.toUpperCase(Locale.ROOT);
        for (Map.Entry<String, Double> entry : WATTS_BY_MODEL_TOKEN.entrySet()) {
            if (upper.contains(entry.getKey())) {
                return OptionalDouble.of(entry.getValue());
            }
        }
        return OptionalDouble.empty();
    }

    /** The table, for documentation and tests. */
    public static Map<String, Double> entries() {
        return Map.copyOf(WATTS_BY_MODEL_TOKEN);
    }
}
