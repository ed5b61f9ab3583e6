package io.carbonmlops.meter;

import java.util.Objects;

/**
 * Identity of one measured device.
 *
 * @param kind  GPU, CPU package or RAM
 * @param index the device's index as its backend numbers it (NVML index, RAPL package number, 0 for RAM)
 * @param uuid  the GPU UUID as NVML reports it ({@code GPU-…}); {@code null} for CPU and RAM
 * @param name  a human name ("NVIDIA H200", "package-0", "RAM")
 */
public record DeviceId(DeviceKind kind, int index, String uuid, String name) {
    public DeviceId {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /**
     * A short label for warnings and summaries: {@code gpu 1 (GPU-…)} or {@code cpu 0 (package-0)}; a negative
     * index stands for a whole backend and is left out: {@code gpu (NVML)}.
     */
    public String describe() {
        String number = index >= 0 ? " " + index : "";
        return kind.label() + number + " (" + (uuid != null ? uuid : name) + ")";
    }
}
