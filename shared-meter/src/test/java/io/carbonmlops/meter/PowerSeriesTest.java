package io.carbonmlops.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PowerSeriesTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void stepsBecomeMeanPowerOverEachStep() {
        PowerSeries series = new PowerSeries(8);
        series.add(2 * SECOND, 100);    // 100 J over 2 s
        series.add(3 * SECOND, 300);    // 300 J over 1 s
        assertThat(series.samples()).containsExactly(new PowerSample(2, 50), new PowerSample(3, 300));
    }

    @Test
    void aFullSeriesMergesAdjacentStepsAddingTheirEnergies() {
        PowerSeries series = new PowerSeries(4);
        for (int second = 1; second <= 4; second++) {
            series.add(second * SECOND, 10.0 * second);     // 10, 20, 30, 40 W for 1 s each
        }
        // Full at 4 points: merged to [0-2 s: 30 J], [2-4 s: 70 J].
        assertThat(series.samples()).containsExactly(new PowerSample(2, 15), new PowerSample(4, 35));

        // New steps now accumulate until 2 s wide (the merged width): 5 s and 6 s make one step of 2 s.
        series.add(5 * SECOND, 50);
        series.add(6 * SECOND, 60);
        assertThat(series.samples()).containsExactly(new PowerSample(2, 15), new PowerSample(4, 35),
                new PowerSample(6, 55));
    }

    @Test
    void sizeStaysBoundedAndEnergyIsPreservedForAnyNumberOfSteps() {
        PowerSeries series = new PowerSeries(10);
        double energy = 0;
        for (int step = 1; step <= 12_345; step++) {
            double joules = (step * 37) % 101;
            series.add(step * 1_000_000L + (step % 3) * 100_000L, joules);
            energy += joules;
            assertThat(series.size()).isLessThanOrEqualTo(10);
        }
        assertThat(EnergyMeterTest.integrate(series.samples())).isCloseTo(energy, within(energy * 1e-12));
    }

    @Test
    void stepsMustAdvanceInTime() {
        PowerSeries series = new PowerSeries(4);
        series.add(SECOND, 1);
        assertThatThrownBy(() -> series.add(SECOND, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("advance");
    }
}
