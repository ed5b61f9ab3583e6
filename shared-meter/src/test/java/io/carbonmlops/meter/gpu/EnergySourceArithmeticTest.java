package io.carbonmlops.meter.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceLostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** The sources' arithmetic with scripted readings, no native code. */
class EnergySourceArithmeticTest {
    private static final DeviceId GPU = new DeviceId(DeviceKind.GPU, 3, "GPU-abc", "Test GPU");
    private static final long SECOND = 1_000_000_000L;

    /** Answers scripted readings in order; a null reading answers NVML_ERROR_GPU_IS_LOST. */
    private static final class ScriptedReader implements GpuReader {
        private final Queue<Double> readings;
        boolean closed;

        ScriptedReader(Double... readings) {
            this.readings = new ArrayDeque<>(List.of(readings));
        }

        private double next() throws NvmlException {
            Double value = readings.remove();
            if (value.isNaN()) {
                throw new NvmlException("nvmlDeviceGetPowerUsage", 15, "GPU is lost");
            }
            return value;
        }

        @Override
        public double totalEnergyJoules() throws NvmlException {
            return next();
        }

        @Override
        public double powerWatts() throws NvmlException {
            return next();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void counterSumsIncreasesFromItsFirstReading() throws Exception {
        EnergyCounterSource source = new EnergyCounterSource(GPU, new ScriptedReader(1000.0, 1010.0, 1010.0, 1042.5));

        assertThat(source.readCumulativeJoules(SECOND)).isEqualTo(10.0);
        assertThat(source.readCumulativeJoules(2 * SECOND)).isEqualTo(10.0);
        assertThat(source.readCumulativeJoules(3 * SECOND)).isEqualTo(42.5);
        assertThat(source.warnings()).isEmpty();
    }

    @Test
    void counterDropsAreReloadsCountedFromZero() throws Exception {
        EnergyCounterSource source = new EnergyCounterSource(GPU, new ScriptedReader(5000.0, 5100.0, 30.0, 80.0, 5.0));

        assertThat(source.readCumulativeJoules(SECOND)).isEqualTo(100.0);
        assertThat(source.readCumulativeJoules(2 * SECOND)).as("100 J, then 30 J since the reload").isEqualTo(130.0);
        assertThat(source.readCumulativeJoules(3 * SECOND)).isEqualTo(180.0);
        assertThat(source.readCumulativeJoules(4 * SECOND)).as("a second reload").isEqualTo(185.0);
        assertThat(source.warnings()).hasSize(2).allSatisfy(w -> assertThat(w).startsWith("gpu 3 (GPU-abc)"));
    }

    @Test
    void samplingIntegratesTrapezoidsOverTheGivenTimes() throws Exception {
        PowerSamplingSource source = new PowerSamplingSource(GPU, new ScriptedReader(100.0, 200.0, 200.0, 0.0),
                Duration.ofMillis(100), 0);

        assertThat(source.readCumulativeJoules(SECOND)).as("(100+200)/2 W x 1 s").isCloseTo(150, within(1e-9));
        assertThat(source.readCumulativeJoules(SECOND / 2 * 5)).as("+200 W x 1.5 s").isCloseTo(450, within(1e-9));
        assertThat(source.readCumulativeJoules(3 * SECOND)).as("+(200+0)/2 W x 0.5 s").isCloseTo(500, within(1e-9));
    }

    @Test
    void samplingAtTheSameInstantAddsNothing() throws Exception {
        PowerSamplingSource source = new PowerSamplingSource(GPU, new ScriptedReader(100.0, 300.0, 300.0),
                Duration.ofMillis(100), SECOND);

        assertThat(source.readCumulativeJoules(SECOND)).isZero();
        assertThat(source.readCumulativeJoules(2 * SECOND)).as("from the refreshed 300 W").isCloseTo(300, within(1e-9));
    }

    @Test
    void aFailedReadingIsADeviceLossAndCloseReleasesTheReader() throws Exception {
        ScriptedReader reader = new ScriptedReader(100.0, Double.NaN);
        PowerSamplingSource source = new PowerSamplingSource(GPU, reader, Duration.ofMillis(100), 0);

        assertThatThrownBy(() -> source.readCumulativeJoules(SECOND)).isInstanceOf(DeviceLostException.class)
                .hasMessageStartingWith("NVML lost gpu 3 (GPU-abc): ")
                .hasMessageContaining("NVML_ERROR_GPU_IS_LOST (15, \"GPU is lost\")", "Xid");
        source.close();
        assertThat(reader.closed).isTrue();
    }
}
