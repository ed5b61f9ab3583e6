package io.carbonmlops.meter.ram;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceStatus;
import io.carbonmlops.meter.EnergySource;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.MeterConfig;
import io.carbonmlops.meter.SourceDiscovery;
import io.carbonmlops.meter.TextFileReader;
import io.carbonmlops.meter.cpu.RaplProbe;
import io.carbonmlops.meter.cpu.RaplZone;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Finds how to measure RAM: RAPL {@code dram} counters when readable (some Intel servers), else the watts per
 * GiB estimate from {@code /proc/meminfo}, else nothing. Never throws.
 */
public final class RamDiscovery {
    private RamDiscovery() {}

    public static SourceDiscovery discover(MeterConfig config, MeterClock clock) {
        return discover(config, clock, TextFileReader.FILES);
    }

    public static SourceDiscovery discover(MeterConfig config, MeterClock clock, TextFileReader reader) {
        RaplProbe rapl = RaplProbe.probe(config.powercapRoot(), reader, RaplZone::isDram, "dram");
        if (rapl.usable()) {
            return rapl.sources(reader, (ordinal, zone) ->
                    new DeviceId(DeviceKind.RAM, ordinal, null, "dram " + zone.directory().getFileName()));
        }
        return estimate(config, clock, reader, rapl);
    }

    private static SourceDiscovery estimate(MeterConfig config, MeterClock clock, TextFileReader reader,
            RaplProbe rapl) {
        String raplProblem = rapl.problem();
        Path meminfo = config.procRoot().resolve("meminfo");
        double inUseGib;
        try {
            inUseGib = RamEstimateSource.readInUseGib(meminfo, reader);
        } catch (IOException e) {
            String cause = "ram: not measured: " + meminfo + " is not readable (" + e + ") and RAPL dram is not "
                    + "used (" + raplProblem + ")";
            DeviceStatus status = new DeviceStatus(new DeviceId(DeviceKind.RAM, -1, null, "RAM"),
                    MeasurementMethod.UNAVAILABLE, cause, "not measured: " + meminfo + " unreadable and no RAPL dram ("
                    + rapl.shortProblem() + "); --no-ram leaves it out");
            return new SourceDiscovery(List.of(), List.of(status), List.of(cause));
        }
        DeviceId device = new DeviceId(DeviceKind.RAM, 0, null, "RAM");
        EnergySource source = new RamEstimateSource(device, config.ramWattsPerGb(), meminfo, reader, inUseGib,
                clock.monotonicNanos());
        String warning = String.format(Locale.ROOT, "ram: ESTIMATE, not measured: %.3f W per GB (GiB) of memory in"
                + " use (MemTotal - MemAvailable from %s), machine-wide; RAPL dram not used: %s",
                config.ramWattsPerGb(), meminfo, raplProblem);
        String note = String.format(Locale.ROOT, "estimate: %s W per GB of the whole machine's memory in use; no RAPL dram"
                + " (%s); --ram-watts-per-gb sets the figure", config.ramWattsPerGb(), rapl.shortProblem());
        DeviceStatus status = new DeviceStatus(device, MeasurementMethod.RAM_ESTIMATE, warning.substring("ram: ".length()),
                note);
        return new SourceDiscovery(List.of(source), List.of(status), List.of(warning));
    }
}
