package io.carbonmlops.meter.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceLostException;
import io.carbonmlops.meter.TextFileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuTdpEstimateSourceTest {
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path procRoot;

    @Test
    void parsesTheAggregateLineCountingIowaitAsIdleAndGuestOnlyOnce() throws Exception {
        // user nice system idle iowait irq softirq steal guest guest_nice
        CpuTimes times = CpuTimes.parse("cpu  100 20 30 400 50 6 7 8 90 10\ncpu0 1 1 1 1 1 1 1 1 1 1\n", Path.of("stat"));
        // total = 100+20+30+400+50+6+7+8 = 621 (guest fields already in user/nice); idle = 400+50 = 450
        assertThat(times).isEqualTo(new CpuTimes(171, 621));
    }

    @Test
    void integratesTdpTimesTheLinearUtilisationModel() throws Exception {
        FakeProc proc = new FakeProc(procRoot).stat(1000, 3000);
        Path stat = procRoot.resolve("stat");
        CpuTdpEstimateSource source = new CpuTdpEstimateSource(new DeviceId(DeviceKind.CPU, 0, null, "cpu"), 100,
                stat, TextFileReader.FILES, CpuTdpEstimateSource.readTimes(stat, TextFileReader.FILES), 0);

        proc.stat(1300, 3100);          // +300 busy of +400 ticks: u = 0.75
        // P = 100 W x (0.10 + 0.90 x 0.75) = 77.5 W; over 10 s = 775 J
        assertThat(source.readCumulativeJoules(10 * SECOND)).isCloseTo(775, within(1e-9));

        // Read again within one tick: no tick elapsed, the last utilisation (0.75) holds for the 2 s.
        assertThat(source.readCumulativeJoules(12 * SECOND)).isCloseTo(775 + 155, within(1e-9));

        proc.stat(1300, 3200);          // +0 busy of +100 ticks: idle, P = 10 W; 3 s = 30 J
        assertThat(source.readCumulativeJoules(15 * SECOND)).isCloseTo(960, within(1e-9));
    }

    @Test
    void fullLoadDrawsTheWholeTdpAndIdleATenth() {
        assertThat(CpuTdpEstimateSource.powerWatts(200, 1.0)).isCloseTo(200, within(1e-12));
        assertThat(CpuTdpEstimateSource.powerWatts(200, 0.0)).isCloseTo(20, within(1e-12));
    }

    @Test
    void aVanishedProcStatIsADeviceLoss() throws Exception {
        new FakeProc(procRoot).stat(1, 1);
        Path stat = procRoot.resolve("stat");
        CpuTdpEstimateSource source = new CpuTdpEstimateSource(new DeviceId(DeviceKind.CPU, 0, null, "cpu"), 100,
                stat, TextFileReader.FILES, CpuTdpEstimateSource.readTimes(stat, TextFileReader.FILES), 0);
        Files.delete(stat);

        assertThatThrownBy(() -> source.readCumulativeJoules(SECOND)).isInstanceOf(DeviceLostException.class)
                .hasMessageContaining(stat.toString());
    }

    @Test
    void tableMatchesModelTokensCaseInsensitively() {
        assertThat(CpuTdpTable.wattsPerPackage("Intel(R) Xeon(R) Platinum 8480C")).hasValue(350);
        assertThat(CpuTdpTable.wattsPerPackage("AMD EPYC 7742 64-Core Processor")).hasValue(225);
        assertThat(CpuTdpTable.wattsPerPackage("Intel(R) Xeon(R) Processor")).isEmpty();
    }

    @Test
    void cpuinfoGivesModelAndPackageCount() {
        assertThat(CpuModel.parse("processor\t: 0\nmodel name\t: X\nphysical id\t: 0\n\nprocessor\t: 1\n"
                + "model name\t: X\nphysical id\t: 1\n")).isEqualTo(new CpuModel("X", 2, 2, false));
        assertThat(CpuModel.parse("processor\t: 0\n")).isEqualTo(new CpuModel("unknown", 1, 1, false));
        assertThat(CpuModel.parse("processor\t: 0\nflags\t\t: fpu hypervisor lahf_lm\nprocessor\t: 1\n"))
                .as("the hypervisor flag marks a VM").isEqualTo(new CpuModel("unknown", 1, 2, true));
        assertThat(CpuModel.parse("processor\t: 0\nflags\t\t: fpu hypervisorx\n").virtualised()).isFalse();
    }
}
