package io.carbonmlops.meter.cpu;

import java.util.HashSet;
import java.util.Set;

/**
 * What {@code /proc/cpuinfo} says about the CPUs: the model name and the number of packages (sockets).
 *
 * @param modelName the first {@code model name} line ("unknown" when there is none, as on some ARM kernels)
 * @param packages  distinct {@code physical id} values, at least 1
 */
public record CpuModel(String modelName, int packages) {
    public static final CpuModel UNKNOWN = new CpuModel("unknown", 1);

    public static CpuModel parse(String cpuinfo) {
        String model = null;
        Set<String> physicalIds = new HashSet<>();
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (key.equals("model name") && model == null) {
                model = value;
            } else if (key.equals("physical id")) {
                physicalIds.add(value);
            }
        }
        return new CpuModel(model == null ? "unknown" : model, Math.max(1, physicalIds.size()));
    }
}
