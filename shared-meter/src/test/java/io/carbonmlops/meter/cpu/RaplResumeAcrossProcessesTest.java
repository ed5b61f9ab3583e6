package io.carbonmlops.meter.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.meter.CounterMark;
import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.TextFileReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A RAPL counter read by one process, then by another that starts later (a resumed window): the marks count the
 * energy in between, a wrap included, and refuse to guess when the gap is long enough to hide a second wrap.
 */
class RaplResumeAcrossProcessesTest {
    private static final DeviceId PACKAGE_0 = new DeviceId(DeviceKind.CPU, 0, null, "package-0");
    private static final long RANGE = FakePowercap.INTEL_PACKAGE_RANGE_UJ;

    @TempDir
    Path root;

    @Test
    void theNextProcessCountsTheEnergyDrawnSinceTheLastMarkAcrossAWrap() throws Exception {
        Path zone = new FakePowercap(root).zone("intel-rapl:0", "package-0", RANGE, RANGE - 2_000_000);
        RaplEnergySource first = source(zone, RANGE - 2_000_000);
        FakePowercap.setEnergy(zone, RANGE - 1_000_000);
        first.readCumulativeJoules(0);
        CounterMark before = first.mark().orElseThrow();

        FakePowercap.setEnergy(zone, 5_000_000); // 6 J later, after one wrap, nobody reading
        RaplEnergySource second = source(zone, RaplEnergySource.readMicrojoules(zone.resolve("energy_uj"),
                TextFileReader.FILES));
        CounterMark after = second.mark().orElseThrow();

        assertThat(before.wrapRangeJoules()).isEqualTo(RANGE / 1e6);
        CounterMark.Gap gap = after.since(before, Duration.ofSeconds(30));
        assertThat(gap.covered()).isTrue();
        assertThat(gap.joules()).isCloseTo(6.0, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void aGapLongerThanTheCounterIsSureNotToWrapTwiceIsNotGuessed() throws Exception {
        Path zone = new FakePowercap(root).zone("intel-rapl:0", "package-0", RANGE, 1_000_000);
        CounterMark before = source(zone, 1_000_000).mark().orElseThrow();
        FakePowercap.setEnergy(zone, 9_000_000);
        CounterMark after = source(zone, 9_000_000).mark().orElseThrow();

        CounterMark.Gap gap = after.since(before, Duration.ofMinutes(10)); // 262 kJ may wrap in 262 s at 1 kW

        assertThat(gap.covered()).isFalse();
        assertThat(gap.unknownReason()).contains("cpu 0 (package-0)", "600 s", "262 s");
    }

    private static RaplEnergySource source(Path zoneDir, long initial) {
        return new RaplEnergySource(PACKAGE_0, new RaplZone(zoneDir, "package-0", RANGE, List.of()), initial,
                TextFileReader.FILES);
    }
}
