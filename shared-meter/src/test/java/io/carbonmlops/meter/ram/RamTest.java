package io.carbonmlops.meter.ram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceStatus;
import io.carbonmlops.meter.EnergySource;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.MeterConfig;
import io.carbonmlops.meter.SourceDiscovery;
import io.carbonmlops.meter.TextFileReader;
import io.carbonmlops.meter.cpu.FakePowercap;
import io.carbonmlops.meter.cpu.FakeProc;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RamTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long GIB_IN_KIB = 1024 * 1024;

    @TempDir
    Path tmp;

    private MeterConfig config(FakePowercap powercap, FakeProc proc) {
        return MeterConfig.defaults().withPowercapRoot(powercap.root()).withProcRoot(proc.root());
    }

    @Test
    void memoryInUseIsTotalMinusAvailableInGibibytes() throws Exception {
        String meminfo = "MemTotal:       16777216 kB\nMemFree:          524288 kB\nMemAvailable:    8388608 kB\n";
        assertThat(MemoryInUse.parseGibibytes(meminfo, Path.of("meminfo"))).as("16 GiB - 8 GiB").isEqualTo(8.0);
    }

    @Test
    void withoutMemAvailableFreeBuffersAndCacheCountAsAvailable() throws Exception {
        String meminfo = "MemTotal: 4194304 kB\nMemFree: 1048576 kB\nBuffers: 524288 kB\nCached: 524288 kB\n";
        assertThat(MemoryInUse.parseGibibytes(meminfo, Path.of("meminfo"))).as("4 - 1 - 0.5 - 0.5 GiB").isEqualTo(2.0);
    }

    @Test
    void integratesWattsPerGibibyteWithTrapezoids() throws Exception {
        FakeProc proc = new FakeProc(tmp).meminfo(16 * GIB_IN_KIB, 8 * GIB_IN_KIB);   // 8 GiB in use
        Path meminfo = tmp.resolve("meminfo");
        RamEstimateSource source = new RamEstimateSource(new DeviceId(DeviceKind.RAM, 0, null, "RAM"), 0.375, meminfo,
                TextFileReader.FILES, RamEstimateSource.readInUseGib(meminfo, TextFileReader.FILES), 0);

        // 8 GiB x 0.375 W/GiB = 3 W for 10 s = 30 J
        assertThat(source.readCumulativeJoules(10 * SECOND)).isCloseTo(30, within(1e-9));
        proc.meminfo(16 * GIB_IN_KIB, 12 * GIB_IN_KIB);                               // 4 GiB in use
        // trapezoid: (8 + 4) / 2 GiB x 0.375 W/GiB = 2.25 W for 10 s = 22.5 J
        assertThat(source.readCumulativeJoules(20 * SECOND)).isCloseTo(52.5, within(1e-9));
    }

    @Test
    void withoutReadableDramCountersRamIsAnEstimateAndSaysSo() {
        FakeProc proc = new FakeProc(tmp.resolve("proc")).meminfo(16 * GIB_IN_KIB, 8 * GIB_IN_KIB);
        FakePowercap powercap = new FakePowercap(tmp.resolve("powercap"));
        powercap.zone("intel-rapl:0", "package-0", FakePowercap.INTEL_PACKAGE_RANGE_UJ, 0);
        SourceDiscovery discovery = RamDiscovery.discover(config(powercap, proc).withRamWattsPerGb(0.5), MeterClock.SYSTEM);

        assertThat(discovery.sources()).extracting(EnergySource::method).containsExactly(MeasurementMethod.RAM_ESTIMATE);
        assertThat(discovery.warnings()).singleElement().asString()
                .contains("ESTIMATE", "0.500 W per GB", "MemAvailable", "no RAPL dram zone");
    }

    @Test
    void aReadableDramSubzoneIsMeasuredWithRapl() throws Exception {
        FakeProc proc = new FakeProc(tmp.resolve("proc")).meminfo(16 * GIB_IN_KIB, 8 * GIB_IN_KIB);
        FakePowercap powercap = new FakePowercap(tmp.resolve("powercap"));
        powercap.zone("intel-rapl:0", "package-0", FakePowercap.INTEL_PACKAGE_RANGE_UJ, 0);
        Path dram = powercap.zone("intel-rapl:0/intel-rapl:0:0", "dram", 65_712_999_613L, 4_000_000);
        SourceDiscovery discovery = RamDiscovery.discover(config(powercap, proc), MeterClock.SYSTEM);

        assertThat(discovery.warnings()).isEmpty();
        assertThat(discovery.sources()).singleElement().satisfies(source -> {
            assertThat(source.method()).isEqualTo(MeasurementMethod.RAPL);
            assertThat(source.device().kind()).isEqualTo(DeviceKind.RAM);
            assertThat(source.device().name()).isEqualTo("dram intel-rapl:0:0");
        });
        FakePowercap.setEnergy(dram, 6_500_000);
        assertThat(discovery.sources().get(0).readCumulativeJoules(0)).as("(6.5e6 - 4e6) uJ").isEqualTo(2.5);
    }

    @Test
    void anUnreadableDramCounterFallsBackToTheEstimateNamingTheFile() {
        FakeProc proc = new FakeProc(tmp.resolve("proc")).meminfo(16 * GIB_IN_KIB, 8 * GIB_IN_KIB);
        FakePowercap powercap = new FakePowercap(tmp.resolve("powercap"));
        Path dram = powercap.zone("intel-rapl:0/intel-rapl:0:0", "dram", 65_712_999_613L, 4_000_000);
        powercap.zone("intel-rapl:0", "package-0", FakePowercap.INTEL_PACKAGE_RANGE_UJ, 0);
        FakePowercap.makeEnergyUnreadable(dram);
        SourceDiscovery discovery = RamDiscovery.discover(config(powercap, proc), MeterClock.SYSTEM);

        assertThat(discovery.sources()).extracting(EnergySource::method).containsExactly(MeasurementMethod.RAM_ESTIMATE);
        assertThat(discovery.warnings()).singleElement().asString().contains(dram.resolve("energy_uj").toString());
    }

    @Test
    void withNothingReadableRamIsUnavailableWithTheReason() {
        FakeProc proc = new FakeProc(tmp.resolve("proc"));
        SourceDiscovery discovery = RamDiscovery.discover(config(new FakePowercap(tmp.resolve("none")), proc),
                MeterClock.SYSTEM);

        assertThat(discovery.sources()).isEmpty();
        assertThat(discovery.statuses()).extracting(DeviceStatus::method).containsExactly(MeasurementMethod.UNAVAILABLE);
        assertThat(discovery.warnings()).singleElement().asString().contains("meminfo", "not measured");
    }
}
