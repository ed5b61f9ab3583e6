package io.carbonmlops.meter.cpu;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceStatus;
import io.carbonmlops.meter.EnergySource;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.MeterConfig;
import io.carbonmlops.meter.SourceDiscovery;
import io.carbonmlops.meter.TextFileReader;
import io.carbonmlops.meter.report.Figures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Finds how to measure the CPUs: RAPL package counters when every one is readable, else the TDP × utilisation
 * estimate (with warnings naming the unreadable file, the remedy that fits the cause and the estimate's inputs),
 * else nothing. Never throws, and assumes neither procfs nor sysfs is readable.
 */
public final class CpuDiscovery {
    /** The option that sets the estimate's TDP; the short notes name it. */
    public static final String TDP_OPTION = "--cpu-tdp WATTS";

    private CpuDiscovery() {}

    public static SourceDiscovery discover(MeterConfig config, MeterClock clock) {
        return discover(config, clock, TextFileReader.FILES);
    }

    public static SourceDiscovery discover(MeterConfig config, MeterClock clock, TextFileReader reader) {
        RaplProbe rapl = RaplProbe.probe(config.powercapRoot(), reader, RaplZone::isPackage, "package");
        if (rapl.usable()) {
            return rapl.sources(reader, (ordinal, zone) ->
                    new DeviceId(DeviceKind.CPU, zone.packageIndex(), null, zone.name()));
        }
        String remedy = rapl.remedy().isEmpty() ? "" : "; " + rapl.remedy();
        return estimate(config, clock, reader, rapl, "cpu: RAPL not used: " + rapl.problem() + remedy
                + "; or pass --no-cpu to leave the CPU out");
    }

    private static SourceDiscovery estimate(MeterConfig config, MeterClock clock, TextFileReader reader,
            RaplProbe rapl, String raplWarning) {
        Path procStat = config.procRoot().resolve("stat");
        CpuModel model = readModel(config.procRoot().resolve("cpuinfo"), reader);
        CpuTimes initialTimes;
        try {
            initialTimes = CpuTdpEstimateSource.readTimes(procStat, reader);
        } catch (IOException e) {
            String cause = "cpu: not measured: RAPL not used and " + procStat + " is not readable ("
                    + RaplProbe.describe(e) + "), so utilisation cannot be estimated";
            DeviceStatus status = new DeviceStatus(new DeviceId(DeviceKind.CPU, -1, null, "CPU"),
                    MeasurementMethod.UNAVAILABLE, cause, "not measured: no RAPL (" + rapl.shortProblem() + ") and "
                    + procStat + " unreadable; --no-cpu leaves it out");
            return new SourceDiscovery(List.of(), List.of(status), List.of(raplWarning, cause));
        }
        OptionalDouble quotaCpus = CpuQuota.cpus(config.procRoot(), config.cgroupRoot(), reader);
        Tdp tdp = Tdp.resolve(config.cpuTdpWatts(), model, quotaCpus);
        DeviceId device = new DeviceId(DeviceKind.CPU, 0, null, model.modelName());
        EnergySource source = new CpuTdpEstimateSource(device, tdp.watts(), procStat, reader, initialTimes,
                clock.monotonicNanos());
        String estimateWarning = String.format(Locale.ROOT, "cpu: ESTIMATE, not measured: %s W TDP (%s) x (%.2f + %.2f"
                + " x CPU utilisation from %s); the utilisation is the whole machine's load, every process's, not only"
                + " the measured command's", watts(tdp.watts()), tdp.provenance(), CpuTdpEstimateSource.IDLE_SHARE,
                1 - CpuTdpEstimateSource.IDLE_SHARE, procStat);
        String note = String.format(Locale.ROOT, "estimate: %s W TDP (%s) x the whole machine's CPU use; no RAPL (%s)%s",
                watts(tdp.watts()), tdp.shortProvenance(), rapl.shortProblem(),
                tdp.configured() ? "" : "; set the TDP with " + TDP_OPTION);
        DeviceStatus status = new DeviceStatus(device, MeasurementMethod.CPU_TDP_ESTIMATE,
                estimateWarning.substring("cpu: ".length()), note);
        return new SourceDiscovery(List.of(source), List.of(status), List.of(raplWarning, estimateWarning));
    }

    private static CpuModel readModel(Path cpuinfo, TextFileReader reader) {
        try {
            return CpuModel.parse(reader.read(cpuinfo));
        } catch (IOException e) {
            return CpuModel.UNKNOWN;
        }
    }

    private static String watts(double watts) {
        return Figures.number(watts, 3);
    }

    /**
     * The TDP used for the estimate and where it came from.
     *
     * <p>A configured TDP is taken as it is. Otherwise the table's (or the generic) TDP per package is scaled to the
     * share of the packages this machine may use: on a VM the visible vCPUs over the package's threads (a 2-vCPU
     * VM on a 128-thread EPYC 7763 gets 2/128 of its 280 W), and everywhere the cgroup CPU quota over the visible
     * CPUs. Threads of an unknown model are {@link CpuTdpTable#GENERIC_THREADS_PER_PACKAGE} (stated as assumed).
     */
    record Tdp(double watts, String provenance, String shortProvenance, boolean configured) {
        static Tdp resolve(OptionalDouble configured, CpuModel model, OptionalDouble quotaCpus) {
            if (configured.isPresent()) {
                return new Tdp(configured.getAsDouble(), "configured with --cpu-tdp", "--cpu-tdp", true);
            }
            Optional<CpuTdpTable.Package> known = CpuTdpTable.lookup(model.modelName());
            double perPackage = known.map(CpuTdpTable.Package::watts).orElse(CpuTdpTable.GENERIC_TDP_WATTS);
            String origin = known.isPresent()
                    ? String.format(Locale.ROOT, "table: %.0f W per '%s' package", perPackage, model.modelName())
                    : String.format(Locale.ROOT, "generic %.0f W per package: '%s' is not in the table", perPackage,
                            model.modelName());
            double usableCpus = Math.min(model.logicalCpus(), quotaCpus.orElse(Double.MAX_VALUE));
            String quota = quotaCpus.isPresent()
                    ? String.format(Locale.ROOT, ", cgroup quota %s CPUs", number(quotaCpus.getAsDouble())) : "";
            double packages;
            String share;
            if (model.virtualised()) {
                int threads = known.map(CpuTdpTable.Package::threads).orElse(CpuTdpTable.GENERIC_THREADS_PER_PACKAGE);
                packages = Math.min(model.packages(), usableCpus / threads);
                share = String.format(Locale.ROOT, "x %s usable of %d threads per package%s (VM: %d vCPUs%s)",
                        number(usableCpus), threads, known.isPresent() ? "" : " (assumed)", model.logicalCpus(), quota);
            } else {
                packages = model.packages() * Math.min(1, usableCpus / model.logicalCpus());
                share = String.format(Locale.ROOT, "x %d package%s%s", model.packages(),
                        model.packages() == 1 ? "" : "s", quotaCpus.isPresent()
                                ? String.format(Locale.ROOT, " x %s usable of %d CPUs%s", number(usableCpus),
                                        model.logicalCpus(), quota) : "");
            }
            String shortOrigin = (known.isPresent() ? "table" : "generic") + (model.virtualised()
                    ? ", " + number(usableCpus) + " vCPUs of " + (known.isPresent() ? "a " : "an assumed ")
                            + known.map(CpuTdpTable.Package::threads).orElse(CpuTdpTable.GENERIC_THREADS_PER_PACKAGE)
                            + "-thread package"
                    : quotaCpus.isPresent() ? ", quota " + number(usableCpus) + " of " + model.logicalCpus() + " CPUs" : "");
            return new Tdp(perPackage * packages, origin + " " + share, shortOrigin, false);
        }

        private static String number(double value) {
            return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                    : String.format(Locale.ROOT, "%.2f", value);
        }
    }
}
