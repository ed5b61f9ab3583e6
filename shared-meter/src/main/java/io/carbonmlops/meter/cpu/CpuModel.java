package io.carbonmlops.meter.cpu;

import java.util.HashSet;
import java.util.Set;

/**
 * What {@code /proc/cpuinfo} says about the CPUs: the model name, the number of packages (sockets), the logical CPUs
 * this machine sees and whether it runs under a hypervisor.
 *
 * @param modelName   the first {@code model name} line ("unknown" when there is none, as on some ARM kernels)
 * @param packages    distinct {@code physical id} values, at least 1
 * @param logicalCpus {@code processor} entries, at least 1: on a VM the vCPUs, not the host package's threads
 * @param virtualised the {@code hypervisor} CPU flag is set (x86 guests)
 */
public record CpuModel(String modelName, int packages, int logicalCpus, boolean virtualised) {
    public static final CpuModel UNKNOWN = new CpuModel("unknown", 1, 1, false);

    public static CpuModel parse(String cpuinfo) {
        String model = null;
        Set<String> physicalIds = new HashSet<>();
        int processors = 0;
        boolean hypervisor = false;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "model name" -> model = model == null ? value : model;
                case "physical id" -> physicalIds.add(value);
                case "processor" -> processors++;
                case "flags" -> hypervisor |= (" " + value + " ").contains(" hypervisor ");
                default -> { }
            }
        }
        return new CpuModel(model == null ? "unknown" : model, Math.max(1, physicalIds.size()), Math.max(1, processors),
                hypervisor);
    }
}
