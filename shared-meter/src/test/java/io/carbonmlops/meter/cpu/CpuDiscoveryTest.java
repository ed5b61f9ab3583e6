package io.carbonmlops.meter.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.meter.DeviceStatus;
import io.carbonmlops.meter.EnergySource;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.MeterConfig;
import io.carbonmlops.meter.SourceDiscovery;
import io.carbonmlops.meter.TextFileReader;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuDiscoveryTest {
    @TempDir
    Path tmp;

    private FakePowercap powercap() {
        return new FakePowercap(tmp.resolve("powercap"));
    }

    private FakeProc proc() {
        return new FakeProc(tmp.resolve("proc")).stat(100, 900).cpuinfo("Intel(R) Xeon(R) Processor", 1);
    }

    private MeterConfig config(FakePowercap powercap, FakeProc proc) {
        return MeterConfig.defaults().withPowercapRoot(powercap.root()).withProcRoot(proc.root())
                .withCgroupRoot(tmp.resolve("cgroup"));
    }

    /** Two sockets with dram and core subzones, plus psys: the layout of a dual-socket Intel server. */
    private FakePowercap dualSocket() {
        FakePowercap powercap = powercap();
        long range = FakePowercap.INTEL_PACKAGE_RANGE_UJ;
        powercap.zone("intel-rapl:0", "package-0", range, 10_000_000);
        powercap.zone("intel-rapl:0/intel-rapl:0:0", "core", range, 1);
        powercap.zone("intel-rapl:0/intel-rapl:0:1", "dram", 65_712_999_613L, 2);
        powercap.zone("intel-rapl:1", "package-1", range, 20_000_000);
        powercap.zone("intel-rapl:2", "psys", range, 99_000_000);
        powercap.zone("intel-rapl-mmio:0", "package-0", range, 5);
        return powercap;
    }

    @Test
    void readablePackagesAreMeasuredWithRaplIdentifiedByNameNotIndex() throws Exception {
        FakePowercap powercap = dualSocket();
        SourceDiscovery discovery = CpuDiscovery.discover(config(powercap, proc()), MeterClock.SYSTEM);

        assertThat(discovery.sources()).extracting(s -> s.device().name()).containsExactly("package-0", "package-1");
        assertThat(discovery.sources()).extracting(s -> s.device().index()).containsExactly(0, 1);
        assertThat(discovery.sources()).extracting(EnergySource::method).containsOnly(MeasurementMethod.RAPL);
        assertThat(discovery.warnings()).as("nothing estimated, nothing skipped").isEmpty();
        assertThat(discovery.statuses()).extracting(DeviceStatus::detail)
                .allSatisfy(detail -> assertThat(detail).contains("energy_uj", "5000 ms"));

        FakePowercap.setEnergy(powercap.root().resolve("intel-rapl:1"), 23_500_000);
        assertThat(discovery.sources().get(1).readCumulativeJoules(0)).as("(23.5e6 - 20e6) uJ").isEqualTo(3.5);
    }

    @Test
    void anUnreadableCounterFallsBackToTheEstimateAndNamesFileAndRemedy() {
        FakePowercap powercap = dualSocket();
        // Tests may run as root, which chmod 000 does not stop: a directory where the file should be fails for anyone.
        FakePowercap.makeEnergyUnreadable(powercap.root().resolve("intel-rapl:1"));
        SourceDiscovery discovery = CpuDiscovery.discover(config(powercap, proc()), MeterClock.SYSTEM);

        assertThat(discovery.sources()).singleElement()
                .satisfies(s -> assertThat(s.method()).isEqualTo(MeasurementMethod.CPU_TDP_ESTIMATE));
        assertThat(discovery.warnings()).hasSize(2);
        assertThat(discovery.warnings().get(0)).contains(
                powercap.root().resolve("intel-rapl:1").resolve("energy_uj").toString(), "not readable", "--no-cpu")
                .as("permissions are not what failed here").doesNotContain("chmod");
        assertThat(discovery.warnings().get(1)).contains("ESTIMATE", "85 W", "generic", "/stat", "whole machine's load");
        assertThat(discovery.statuses().get(0).note()).as("one short line naming the option")
                .contains("estimate: 85 W TDP", "--cpu-tdp WATTS").hasSizeLessThan(160);
    }

    @Test
    void permissionDeniedIsExplainedWithTheCve() {
        FakePowercap powercap = dualSocket();
        TextFileReader deniesEnergy = file -> {
            if (file.getFileName().toString().equals("energy_uj")) {
                throw new AccessDeniedException(file.toString());
            }
            return Files.readString(file);
        };
        SourceDiscovery discovery = CpuDiscovery.discover(config(powercap, proc()), MeterClock.SYSTEM, deniesEnergy);

        assertThat(discovery.sources()).extracting(EnergySource::method).containsExactly(MeasurementMethod.CPU_TDP_ESTIMATE);
        assertThat(discovery.warnings().get(0)).contains("intel-rapl:0", "permission denied", "CVE-2020-8694",
                "run as root", "chmod a+r", "udev");
    }

    @Test
    void aMissingPowercapTreeFallsBackToTheEstimate() {
        SourceDiscovery discovery = CpuDiscovery.discover(config(powercap(), proc()), MeterClock.SYSTEM);

        assertThat(discovery.sources()).extracting(EnergySource::method).containsExactly(MeasurementMethod.CPU_TDP_ESTIMATE);
        assertThat(discovery.warnings().get(0)).contains("no powercap tree at " + tmp.resolve("powercap"))
                .as("no chmod advice for files that do not exist").doesNotContain("chmod");
        assertThat(discovery.statuses().get(0).note()).contains("no RAPL (no " + tmp.resolve("powercap") + ")")
                .doesNotContain("chmod");
    }

    @Test
    void aTreeWithOnlyPsysIsNotCountedAsPackages() {
        FakePowercap powercap = powercap();
        powercap.zone("intel-rapl:0", "psys", FakePowercap.INTEL_PACKAGE_RANGE_UJ, 1);
        SourceDiscovery discovery = CpuDiscovery.discover(config(powercap, proc()), MeterClock.SYSTEM);

        assertThat(discovery.sources()).extracting(EnergySource::method).containsExactly(MeasurementMethod.CPU_TDP_ESTIMATE);
        assertThat(discovery.warnings().get(0)).contains("no RAPL package zone");
    }

    @Test
    void theEstimateTakesTheTdpFromTheTableTimesPackages() {
        FakeProc proc = proc().cpuinfo("AMD EPYC 7763 64-Core Processor", 2);
        SourceDiscovery discovery = CpuDiscovery.discover(config(powercap(), proc), MeterClock.SYSTEM);

        assertThat(discovery.warnings().get(1)).contains("560 W TDP",
                "280 W per 'AMD EPYC 7763 64-Core Processor' package x 2 packages");
        assertThat(discovery.statuses()).singleElement().satisfies(status -> {
            assertThat(status.method()).isEqualTo(MeasurementMethod.CPU_TDP_ESTIMATE);
            assertThat(status.device().name()).isEqualTo("AMD EPYC 7763 64-Core Processor");
        });
    }

    @Test
    void aConfiguredTdpWins() {
        FakeProc proc = proc().cpuinfo("AMD EPYC 7763 64-Core Processor", 2);
        SourceDiscovery discovery = CpuDiscovery.discover(config(powercap(), proc).withCpuTdpWatts(150), MeterClock.SYSTEM);

        assertThat(discovery.warnings().get(1)).contains("150 W TDP (configured with --cpu-tdp)");
        assertThat(discovery.statuses().get(0).note()).as("no advice to set what is set").doesNotContain("set the TDP");
    }

    @Test
    void withNeitherRaplNorProcStatTheCpuIsUnavailableWithTheReason() {
        FakeProc proc = new FakeProc(tmp.resolve("proc")).cpuinfo("x", 1);
        SourceDiscovery discovery = CpuDiscovery.discover(config(powercap(), proc), MeterClock.SYSTEM);

        assertThat(discovery.sources()).isEmpty();
        assertThat(discovery.statuses()).singleElement().satisfies(status -> {
            assertThat(status.method()).isEqualTo(MeasurementMethod.UNAVAILABLE);
            assertThat(status.detail()).contains(tmp.resolve("proc").resolve("stat").toString(), "no such file");
        });
    }

    @Test
    void onAVmTheTableTdpIsScaledToTheVisibleVcpusOverThePackagesThreads() {
        FakeProc proc = proc().cpuinfo("AMD EPYC 7763 64-Core Processor", 1, 2, true);
        SourceDiscovery discovery = CpuDiscovery.discover(config(powercap(), proc), MeterClock.SYSTEM);

        assertThat(discovery.warnings().get(1)).as("280 W x 2 / 128 threads")
                .contains("4.38 W TDP", "x 2 usable of 128 threads per package (VM: 2 vCPUs)");
        assertThat(discovery.statuses().get(0).note()).contains("4.38 W TDP (table, 2 vCPUs of a 128-thread package)");
    }

    @Test
    void onAVmOfAnUnknownModelAGenericPackageOf32ThreadsIsAssumedAndSaidSo() {
        FakeProc proc = proc().cpuinfo("AMD EPYC", 1, 2, true);
        SourceDiscovery discovery = CpuDiscovery.discover(config(powercap(), proc), MeterClock.SYSTEM);

        assertThat(discovery.warnings().get(1)).as("85 W x 2 / 32").contains("5.31 W TDP", "(assumed)");
    }

    @Test
    void aCgroupV2QuotaScalesTheTdpAndTheTightestAncestorBinds() throws Exception {
        FakeProc proc = proc().cpuinfo("AMD EPYC 7763 64-Core Processor", 2, 64, false).selfCgroup("0::/ci/job\n");
        Path cgroup = tmp.resolve("cgroup");
        Files.createDirectories(cgroup.resolve("ci/job"));
        Files.writeString(cgroup.resolve("ci/job/cpu.max"), "max 100000\n");
        Files.writeString(cgroup.resolve("ci/cpu.max"), "400000 100000\n");
        SourceDiscovery discovery = CpuDiscovery.discover(config(powercap(), proc), MeterClock.SYSTEM);

        assertThat(discovery.warnings().get(1)).as("560 W x 4 / 128 CPUs")
                .contains("17.5 W TDP", "x 4 usable of 128 CPUs, cgroup quota 4 CPUs");
    }

    @Test
    void aCgroupV1QuotaScalesTheTdpAndMinusOneMeansNone() throws Exception {
        FakeProc proc = proc().cpuinfo("AMD EPYC 7763 64-Core Processor", 2, 64, false)
                .selfCgroup("5:memory:/x\n4:cpu,cpuacct:/docker/abc\n");
        Path group = tmp.resolve("cgroup/cpu,cpuacct/docker/abc");
        Files.createDirectories(group);
        Files.writeString(group.resolve("cpu.cfs_quota_us"), "150000\n");
        Files.writeString(group.resolve("cpu.cfs_period_us"), "100000\n");
        assertThat(CpuDiscovery.discover(config(powercap(), proc), MeterClock.SYSTEM).warnings().get(1))
                .as("560 W x 1.5 / 128").contains("6.56 W TDP", "cgroup quota 1.50 CPUs");

        Files.writeString(group.resolve("cpu.cfs_quota_us"), "-1\n");
        assertThat(CpuDiscovery.discover(config(powercap(), proc), MeterClock.SYSTEM).warnings().get(1))
                .contains("560 W TDP").doesNotContain("quota");
    }

    @Test
    void unreadableCgroupAndProcFilesMeanNoQuotaNotAFailure() {
        FakeProc proc = proc().cpuinfo("AMD EPYC 7763 64-Core Processor", 2, 64, false).selfCgroup("0::/job\n");
        TextFileReader deniesCgroup = file -> {
            if (file.startsWith(tmp.resolve("cgroup")) || file.endsWith("self/cgroup")) {
                throw new AccessDeniedException(file.toString());
            }
            return Files.readString(file);
        };
        SourceDiscovery discovery = CpuDiscovery.discover(config(powercap(), proc), MeterClock.SYSTEM, deniesCgroup);

        assertThat(discovery.sources()).extracting(EnergySource::method).containsExactly(MeasurementMethod.CPU_TDP_ESTIMATE);
        assertThat(discovery.warnings().get(1)).contains("560 W TDP");
    }
}
