package io.carbonmlops.meter.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.EnergyMeter;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.MeasurementWindow;
import io.carbonmlops.meter.MeterConfig;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole meter over fake GPUs, through {@link EnergyMeter#open}. Power is constant, so the figures do not
 * depend on when the meter's poller thread happens to read: the counter difference and the trapezoid integral
 * of a constant are exact whatever the reading times, to the counter's 1 mJ truncation at each end.
 */
class NvmlMeterIntegrationTest {
    private FakeNvml fake;

    @BeforeEach
    void loadFake() {
        fake = FakeNvml.load();
    }

    @AfterEach
    void nvmlIsShutDown() {
        assertThat(fake.initCount()).as("closing the meter shuts NVML down").isZero();
    }

    @Test
    void measuresEachGpuByItsMethodAndNamesTheSkippedOne() {
        fake.configure("watts=250;noperm;energy=no,watts=40");
        FakeNvml.SteppedClock clock = fake.clock();
        MeterConfig config = MeterConfig.defaults().withCpuEnabled(false).withRamEnabled(false);
        Measurement measurement;
        try (EnergyMeter meter = EnergyMeter.open(config, fake.env(), clock)) {
            MeasurementWindow window = meter.begin("train");
            for (int i = 0; i < 20; i++) {
                clock.advance(Duration.ofMillis(500));
            }
            measurement = window.stop();
        }

        assertThat(measurement.durationSeconds()).isEqualTo(10.0);
        assertThat(measurement.devices()).extracting(d -> d.device().index()).containsExactly(0, 1, 2);
        DeviceMeasurement counter = measurement.devices().get(0);
        assertThat(counter.method()).isEqualTo(MeasurementMethod.NVML_ENERGY_COUNTER);
        assertThat(counter.device().uuid()).isEqualTo("GPU-fa4e0000-0000-0000-0000-000000000000");
        assertThat(counter.energyJoules()).as("250 W x 10 s").isCloseTo(2500, within(0.002));
        assertThat(measurement.devices().get(1).method()).isEqualTo(MeasurementMethod.UNAVAILABLE);
        DeviceMeasurement sampled = measurement.devices().get(2);
        assertThat(sampled.method()).isEqualTo(MeasurementMethod.NVML_POWER_SAMPLING);
        assertThat(sampled.energyJoules()).as("40 W x 10 s").isCloseTo(400, within(1e-6));
        assertThat(measurement.energyJoules(DeviceKind.GPU)).isCloseTo(2900, within(0.002));
        assertThat(measurement.warnings()).anySatisfy(w -> assertThat(w).startsWith("gpu 1 ").contains("NO_PERMISSION"));
    }

    @Test
    void aDriverReloadDuringTheWindowIsCountedAndWarnedAbout() {
        // 200 W; the driver reloads at 2.5 s of a 4 s window. Only the draw between the last reading before the
        // reload and the reload is unknown; when the poller thread last read before it is up to chance, so the
        // figure lies between 300 J (no reading after the window's start at 0 s) and the true 800 J.
        fake.configure("watts=200,reload_at_ms=2500");
        FakeNvml.SteppedClock clock = fake.clock();
        MeterConfig config = MeterConfig.defaults().withCpuEnabled(false).withRamEnabled(false);
        Measurement measurement;
        try (EnergyMeter meter = EnergyMeter.open(config, fake.env(), clock)) {
            MeasurementWindow window = meter.begin("reload");
            for (int i = 0; i < 8; i++) {
                clock.advance(Duration.ofMillis(500));
            }
            measurement = window.stop();
        }

        assertThat(measurement.devices().get(0).energyJoules()).isBetween(300 - 0.002, 800 + 0.002);
        assertThat(measurement.warnings()).anySatisfy(w -> assertThat(w)
                .startsWith("gpu 0 (GPU-fa4e0000-0000-0000-0000-000000000000)").contains("driver reloaded"));
    }
}
