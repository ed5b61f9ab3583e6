package io.carbonmlops.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EnergyIntegralTest {
    private static final long SECOND_NANOS = 1_000_000_000L;

    @Test
    void eachStepAddsItsMeanPowerTimesItsLength() {
        EnergyIntegral integral = new EnergyIntegral(5 * SECOND_NANOS);

        integral.step(7 * SECOND_NANOS, 100); // 2 s at 100 W
        double joules = integral.step(7 * SECOND_NANOS + SECOND_NANOS / 2, 40); // 0.5 s at 40 W

        assertThat(joules).isCloseTo(220, within(1e-9));
        assertThat(integral.joules()).isEqualTo(joules);
    }

    @Test
    void aStepThatDoesNotMoveForwardAddsNothingAndKeepsTheLastEnd() {
        EnergyIntegral integral = new EnergyIntegral(SECOND_NANOS);
        integral.step(2 * SECOND_NANOS, 10);

        assertThat(integral.isAfterLastStep(2 * SECOND_NANOS)).isFalse();
        assertThat(integral.step(2 * SECOND_NANOS, 1e6)).isCloseTo(10, within(1e-9));
        assertThat(integral.step(SECOND_NANOS, 1e6)).as("an earlier instant").isCloseTo(10, within(1e-9));
        assertThat(integral.step(3 * SECOND_NANOS, 10)).as("measured from 2 s, not 1 s").isCloseTo(20, within(1e-9));
    }
}
