package io.carbonmlops.cli;

import io.carbonmlops.meter.MeterConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Which devices the meter looks at, where it reads them and how it estimates: shared by {@code measure} and
 * {@code devices}. The two roots are hidden from {@code --help} (docs/cli.md lists them): tests use them to point the
 * meter at fake sysfs, procfs and cgroup trees. The estimate settings are shown, as the estimate warnings name them.
 */
final class MeterOptions {
    @Option(names = "--gpus", paramLabel = "LIST",
            description = "GPUs to measure: indexes or UUIDs separated by commas, 'all' or 'none'. "
                    + "Default: the GPUs the command can see (CUDA_VISIBLE_DEVICES / NVIDIA_VISIBLE_DEVICES), else all.")
    String gpus;

    @Option(names = "--no-cpu", description = "Do not measure or estimate CPU energy.")
    boolean noCpu;

    @Option(names = "--no-ram", description = "Do not estimate RAM energy.")
    boolean noRam;

    @Option(names = "--powercap-root", paramLabel = "DIR", hidden = true,
            description = "Root of the Linux powercap tree (default /sys/class/powercap).")
    Path powercapRoot;

    @Option(names = "--proc-root", paramLabel = "DIR", hidden = true,
            description = "Root of procfs (default /proc).")
    Path procRoot;

    @Option(names = "--cgroup-root", paramLabel = "DIR", hidden = true,
            description = "Root of the cgroup file systems, for the CPU quota (default /sys/fs/cgroup).")
    Path cgroupRoot;

    @Option(names = "--cpu-tdp", paramLabel = "WATTS",
            description = "CPU thermal design power of this machine (or VM, or container) as a whole, for the estimate "
                    + "used where RAPL is unreadable; taken as it is, not scaled to vCPUs or quota.")
    Double cpuTdpWatts;

    @Option(names = "--ram-watts-per-gb", paramLabel = "WATTS",
            description = "RAM estimate in watts per GB in use (default " + MeterConfig.DEFAULT_RAM_WATTS_PER_GB + ").")
    Double ramWattsPerGb;

    /** The meter configuration these options describe, on top of {@code base}. */
    MeterConfig applyTo(MeterConfig base) {
        MeterConfig config = base.withCpuEnabled(!noCpu).withRamEnabled(!noRam);
        if (gpus != null) {
            config = config.withGpuSelection(gpus);
        }
        if (powercapRoot != null) {
            config = config.withPowercapRoot(powercapRoot);
        }
        if (procRoot != null) {
            config = config.withProcRoot(procRoot);
        }
        if (cgroupRoot != null) {
            config = config.withCgroupRoot(cgroupRoot);
        }
        if (cpuTdpWatts != null) {
            config = config.withCpuTdpWatts(cpuTdpWatts);
        }
        if (ramWattsPerGb != null) {
            config = config.withRamWattsPerGb(ramWattsPerGb);
        }
        return config;
    }
}
