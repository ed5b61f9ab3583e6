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
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Finds how to measure the CPUs: RAPL package counters when every one is readable, else the TDP × utilisation
 * estimate (with warnings naming the unreadable file, the remedy and the estimate's inputs), else nothing.
 * Never throws.
 */
public final class CpuDiscovery {
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
        return estimate(config, clock, reader, "cpu: RAPL not used: " + rapl.problem() + "; " + RaplProbe.REMEDY
                + "; or pass --no-cpu to leave the CPU out");
    }

    private static SourceDiscovery estimate(MeterConfig config, MeterClock clock, TextFileReader reader,
            String raplWarning) {
        Path procStat = config.procRoot().resolve("stat");
        CpuModel model = readModel(config.procRoot().resolve("cpuinfo"), reader);
        CpuTimes initialTimes;
        try {
            initialTimes = CpuTdpEstimateSource.readTimes(procStat, reader);
        } catch (IOException e) {
            String cause = "cpu: not measured: RAPL not used and " + procStat + " is not readable ("
                    + RaplProbe.describe(e) + "), so utilisation cannot be estimated";
            DeviceStatus status = new DeviceStatus(new DeviceId(DeviceKind.CPU, -1, null, "CPU"),
                    MeasurementMethod.UNAVAILABLE, cause);
            return new SourceDiscovery(List.of(), List.of(status), List.of(raplWarning, cause));
        }
        Tdp tdp = Tdp.resolve(config.cpuTdpWatts(), model);
        DeviceId device = new DeviceId(DeviceKind.CPU, 0, null, model.modelName());
        EnergySource source = new CpuTdpEstimateSource(device, tdp.watts(), procStat, reader, initialTimes,
                clock.monotonicNanos());
        String estimateWarning = String.format(Locale.ROOT, "cpu: ESTIMATE, not measured: %.0f W TDP (%s) x (%.2f + %.2f"
                + " x CPU utilisation from %s), machine-wide", tdp.watts(), tdp.provenance(),
                CpuTdpEstimateSource.IDLE_SHARE, 1 - CpuTdpEstimateSource.IDLE_SHARE, procStat);
        DeviceStatus status = new DeviceStatus(device, MeasurementMethod.CPU_TDP_ESTIMATE,
                estimateWarning.substring("cpu: ".length()));
        return new SourceDiscovery(List.of(source), List.of(status), List.of(raplWarning, estimateWarning));
    }

    private static CpuModel readModel(Path cpuinfo, TextFileReader reader) {
        try {
            return CpuModel.parse(reader.read(cpuinfo));
        } catch (IOException e) {
            return CpuModel.UNKNOWN;
        }
    }

    /** The TDP used for the estimate and where it came from. */
    record Tdp(double watts, String provenance) {
        static Tdp resolve(OptionalDouble configured, CpuModel model) {
            if (configured.isPresent()) {
                return new Tdp(configured.getAsDouble(), "configured");
            }
            String packages = model.packages() + (model.packages() == 1 ? " package" : " packages");
            OptionalDouble known = CpuTdpTable.wattsPerPackage(model.modelName());
            if (known.isPresent()) {
                return new Tdp(known.getAsDouble() * model.packages(), String.format(Locale.ROOT,
                        "table: %.0f W for '%s' x %s", known.getAsDouble(), model.modelName(), packages));
            }
            return new Tdp(CpuTdpTable.GENERIC_TDP_WATTS * model.packages(), String.format(Locale.ROOT,
                    "generic %.0f W x %s: '%s' is not in the table; configure the CPU TDP to correct it",
                    CpuTdpTable.GENERIC_TDP_WATTS, packages, model.modelName()));
        }
    }
}
