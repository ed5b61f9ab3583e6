package io.carbonmlops.meter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything that decides what the meter measures and how. Immutable; build with {@link #defaults()} and the
 * {@code with…} methods.
 *
 * @param samplingInterval  power-sampling period for sources without an energy counter (default 100 ms)
 * @param gpuSelection      explicit GPUs ("0,2" or UUIDs, "all", "none"); empty = what CUDA_VISIBLE_DEVICES /
 *                          NVIDIA_VISIBLE_DEVICES let the work see
 * @param pue               power usage effectiveness, >= 1.0
 * @param cpuEnabled        measure CPU packages (RAPL, else the TDP estimate)
 * @param ramEnabled        estimate RAM energy
 * @param powercapRoot      root of the powercap tree (default {@code /sys/class/powercap}); tests point it at a fake
 * @param procRoot          root of procfs (default {@code /proc}); tests point it at a fake
 * @param nvmlLibrary       explicit path of libnvidia-ml (also taken from {@code CARBON_NVML_LIBRARY})
 * @param cpuTdpWatts       TDP of the whole machine's CPUs, overriding the built-in table
 * @param ramWattsPerGb     RAM estimate in watts per GB in use
 * @param cgroupRoot        root of the cgroup file systems (default {@code /sys/fs/cgroup}), for the CPU quota that
 *                          scales the CPU estimate; tests point it at a fake
 */
public record MeterConfig(
        Duration samplingInterval,
        Optional<String> gpuSelection,
        double pue,
        boolean cpuEnabled,
        boolean ramEnabled,
        Path powercapRoot,
        Path procRoot,
        Optional<Path> nvmlLibrary,
        OptionalDouble cpuTdpWatts,
        double ramWattsPerGb,
        Path cgroupRoot) {

    public static final Duration DEFAULT_SAMPLING_INTERVAL = Duration.ofMillis(100);
    /** Memory power per GB in use; see docs/meter.md for where the figure comes from. */
    public static final double DEFAULT_RAM_WATTS_PER_GB = 0.375;

    public MeterConfig {
        Objects.requireNonNull(samplingInterval, "samplingInterval");
        Objects.requireNonNull(gpuSelection, "gpuSelection");
        Objects.requireNonNull(powercapRoot, "powercapRoot");
        Objects.requireNonNull(procRoot, "procRoot");
        Objects.requireNonNull(nvmlLibrary, "nvmlLibrary");
        Objects.requireNonNull(cpuTdpWatts, "cpuTdpWatts");
        Objects.requireNonNull(cgroupRoot, "cgroupRoot");
        if (samplingInterval.isNegative() || samplingInterval.isZero()) {
            throw new IllegalArgumentException("sampling interval must be positive, was " + samplingInterval);
        }
        if (!(pue >= 1.0) || pue > 5.0) {
            throw new IllegalArgumentException("PUE must be between 1.0 and 5.0, was " + pue
                    + " (1.0 means no facility overhead; typical data centres report 1.1 to 1.6)");
        }
        if (cpuTdpWatts.isPresent() && !(cpuTdpWatts.getAsDouble() > 0)) {
            throw new IllegalArgumentException("CPU TDP must be > 0 W, was " + cpuTdpWatts.getAsDouble());
        }
        if (!(ramWattsPerGb >= 0)) {
            throw new IllegalArgumentException("RAM watts per GB must be >= 0, was " + ramWattsPerGb);
        }
    }

    public static MeterConfig defaults() {
        return new MeterConfig(DEFAULT_SAMPLING_INTERVAL, Optional.empty(), 1.0, true, true,
                Path.of("/sys/class/powercap"), Path.of("/proc"), Optional.empty(), OptionalDouble.empty(),
                DEFAULT_RAM_WATTS_PER_GB, Path.of("/sys/fs/cgroup"));
    }

    public MeterConfig withSamplingInterval(Duration interval) {
        return new MeterConfig(interval, gpuSelection, pue, cpuEnabled, ramEnabled, powercapRoot, procRoot,
                nvmlLibrary, cpuTdpWatts, ramWattsPerGb, cgroupRoot);
    }

    public MeterConfig withGpuSelection(String selection) {
        return new MeterConfig(samplingInterval, Optional.ofNullable(selection), pue, cpuEnabled, ramEnabled,
                powercapRoot, procRoot, nvmlLibrary, cpuTdpWatts, ramWattsPerGb, cgroupRoot);
    }

    public MeterConfig withPue(double newPue) {
        return new MeterConfig(samplingInterval, gpuSelection, newPue, cpuEnabled, ramEnabled, powercapRoot,
                procRoot, nvmlLibrary, cpuTdpWatts, ramWattsPerGb, cgroupRoot);
    }

    public MeterConfig withCpuEnabled(boolean enabled) {
        return new MeterConfig(samplingInterval, gpuSelection, pue, enabled, ramEnabled, powercapRoot, procRoot,
                nvmlLibrary, cpuTdpWatts, ramWattsPerGb, cgroupRoot);
    }

    public MeterConfig withRamEnabled(boolean enabled) {
        return new MeterConfig(samplingInterval, gpuSelection, pue, cpuEnabled, enabled, powercapRoot, procRoot,
                nvmlLibrary, cpuTdpWatts, ramWattsPerGb, cgroupRoot);
    }

    public MeterConfig withPowercapRoot(Path root) {
        return new MeterConfig(samplingInterval, gpuSelection, pue, cpuEnabled, ramEnabled, root, procRoot,
                nvmlLibrary, cpuTdpWatts, ramWattsPerGb, cgroupRoot);
    }

    public MeterConfig withProcRoot(Path root) {
        return new MeterConfig(samplingInterval, gpuSelection, pue, cpuEnabled, ramEnabled, powercapRoot, root,
                nvmlLibrary, cpuTdpWatts, ramWattsPerGb, cgroupRoot);
    }

    public MeterConfig withNvmlLibrary(Path library) {
        return new MeterConfig(samplingInterval, gpuSelection, pue, cpuEnabled, ramEnabled, powercapRoot, procRoot,
                Optional.ofNullable(library), cpuTdpWatts, ramWattsPerGb, cgroupRoot);
    }

    public MeterConfig withCpuTdpWatts(double watts) {
        return new MeterConfig(samplingInterval, gpuSelection, pue, cpuEnabled, ramEnabled, powercapRoot, procRoot,
                nvmlLibrary, OptionalDouble.of(watts), ramWattsPerGb, cgroupRoot);
    }

    public MeterConfig withRamWattsPerGb(double watts) {
        return new MeterConfig(samplingInterval, gpuSelection, pue, cpuEnabled, ramEnabled, powercapRoot, procRoot,
                nvmlLibrary, cpuTdpWatts, watts, cgroupRoot);
    }

    public MeterConfig withCgroupRoot(Path root) {
        return new MeterConfig(samplingInterval, gpuSelection, pue, cpuEnabled, ramEnabled, powercapRoot, procRoot,
                nvmlLibrary, cpuTdpWatts, ramWattsPerGb, root);
    }
}
