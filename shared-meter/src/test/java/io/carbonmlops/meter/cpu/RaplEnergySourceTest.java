package io.carbonmlops.meter.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceLostException;
import io.carbonmlops.meter.TextFileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaplEnergySourceTest {
    private static final DeviceId PACKAGE_0 = new DeviceId(DeviceKind.CPU, 0, null, "package-0");

    @TempDir
    Path root;

    private RaplEnergySource sourceOver(Path zoneDir, long range, long initial) {
        RaplZone zone = new RaplZone(zoneDir, "package-0", range, java.util.List.of());
        return new RaplEnergySource(PACKAGE_0, zone, initial, TextFileReader.FILES);
    }

    @Test
    void countsMicrojoulesSinceTheInitialReadingAsJoules() throws Exception {
        Path zone = new FakePowercap(root).zone("intel-rapl:0", "package-0", FakePowercap.INTEL_PACKAGE_RANGE_UJ, 1_000_000);
        RaplEnergySource source = sourceOver(zone, FakePowercap.INTEL_PACKAGE_RANGE_UJ, 1_000_000);

        FakePowercap.setEnergy(zone, 51_000_000);
        assertThat(source.readCumulativeJoules(0)).as("(51e6 - 1e6) uJ").isEqualTo(50.0);
        FakePowercap.setEnergy(zone, 51_250_000);
        assertThat(source.readCumulativeJoules(0)).as("+0.25 J").isEqualTo(50.25);
    }

    @Test
    void aCounterThatWentDownWrappedOnceAtTheMaxRange() throws Exception {
        long range = FakePowercap.INTEL_PACKAGE_RANGE_UJ;
        Path zone = new FakePowercap(root).zone("intel-rapl:0", "package-0", range, range - 328_850);
        RaplEnergySource source = sourceOver(zone, range, 262_143_000_000L);

        FakePowercap.setEnergy(zone, 500_000_000);
        // (262_143_328_850 - 262_143_000_000) + 500_000_000 = 500_328_850 uJ
        assertThat(source.readCumulativeJoules(0)).isEqualTo(500.32885);
        FakePowercap.setEnergy(zone, 700_000_000);
        assertThat(source.readCumulativeJoules(0)).as("+200 J after the wrap").isEqualTo(700.32885);
    }

    @Test
    void pollIntervalIsWrapSafeAtOneKilowattAndAtMostFiveSeconds() {
        assertThat(RaplEnergySource.pollIntervalFor(FakePowercap.INTEL_PACKAGE_RANGE_UJ)).isEqualTo(Duration.ofSeconds(5));
        assertThat(RaplEnergySource.pollIntervalFor(65_532_610_987L)).as("AMD EPYC range").isEqualTo(Duration.ofSeconds(5));
        // 8 kJ wraps after 8 s at 1 kW: read every 4 s.
        assertThat(RaplEnergySource.pollIntervalFor(8_000_000_000L)).isEqualTo(Duration.ofSeconds(4));
        // 1 kJ wraps after 1 s at 1 kW: read every 0.5 s.
        assertThat(RaplEnergySource.pollIntervalFor(1_000_000_000L)).isEqualTo(Duration.ofMillis(500));
        assertThat(RaplEnergySource.pollIntervalFor(1_000L)).as("floor").isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void aCounterFileThatVanishesMeansTheDeviceIsLostAndIsNamed() throws Exception {
        Path zone = new FakePowercap(root).zone("intel-rapl:0", "package-0", FakePowercap.INTEL_PACKAGE_RANGE_UJ, 0);
        RaplEnergySource source = sourceOver(zone, FakePowercap.INTEL_PACKAGE_RANGE_UJ, 0);
        Files.delete(zone.resolve("energy_uj"));

        assertThatThrownBy(() -> source.readCumulativeJoules(0)).isInstanceOf(DeviceLostException.class)
                .hasMessageContaining(zone.resolve("energy_uj").toString());
    }

    @Test
    void garbageInTheCounterFileIsReportedWithTheFile() throws Exception {
        Path zone = new FakePowercap(root).zone("intel-rapl:0", "package-0", FakePowercap.INTEL_PACKAGE_RANGE_UJ, 0);
        RaplEnergySource source = sourceOver(zone, FakePowercap.INTEL_PACKAGE_RANGE_UJ, 0);
        Files.writeString(zone.resolve("energy_uj"), "oops\n");

        assertThatThrownBy(() -> source.readCumulativeJoules(0)).isInstanceOf(DeviceLostException.class)
                .hasMessageContaining("'oops'").hasMessageContaining("energy_uj");
    }
}
