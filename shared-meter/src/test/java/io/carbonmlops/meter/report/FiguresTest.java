package io.carbonmlops.meter.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FiguresTest {
    @Test
    void co2eScalesFromMilligramsToTonnes() {
        assertThat(Figures.co2e(5.35e-9)).isEqualTo("0.00535 mg CO2e");
        assertThat(Figures.co2e(8.41649205e-7)).isEqualTo("0.842 mg CO2e");
        assertThat(Figures.co2e(0.000123456)).isEqualTo("123 mg CO2e");
        assertThat(Figures.co2e(0.0042)).isEqualTo("4.2 g CO2e");
        assertThat(Figures.co2e(1.5)).isEqualTo("1.5 kg CO2e");
        assertThat(Figures.co2e(12_345)).isEqualTo("12.3 t CO2e");
        assertThat(Figures.co2e(0)).isEqualTo("0 g CO2e");
    }

    @Test
    void roundingThatReachesTheNextUnitMovesToIt() {
        assertThat(Figures.mass(0.0009996)).isEqualTo("1 g");
        assertThat(Figures.energy(3599.9)).isEqualTo("1 Wh");
    }

    @Test
    void energyScalesFromJoulesToMegawattHours() {
        assertThat(Figures.energy(605.769)).isEqualTo("606 J");
        assertThat(Figures.energy(7200)).isEqualTo("2 Wh");
        assertThat(Figures.energyKwh(0.000182)).isEqualTo("655 J");
        assertThat(Figures.energyKwh(1.25)).isEqualTo("1.25 kWh");
        assertThat(Figures.energyKwh(2500)).isEqualTo("2.5 MWh");
        assertThat(Figures.energy(0.0123)).isEqualTo("0.0123 J");
    }

    @Test
    void aFigureAgainstItsBudgetGetsTheDigitsToTellThemApart() {
        assertThat(Figures.massAgainst(5.35e-9, 0)).containsExactly("0.00535 mg", "0 mg");
        assertThat(Figures.massAgainst(1.0004, 1.0)).containsExactly("1.0004 kg", "1 kg");
        assertThat(Figures.massAgainst(0.0021, 0.5)).containsExactly("2.1 g", "500 g");
        assertThat(Figures.massAgainst(2.0, 2.0)).containsExactly("2 kg", "2 kg");
    }

    @Test
    void numbersAreNeverInScientificNotation() {
        assertThat(Figures.number(0.000706, 3)).isEqualTo("0.000706");
        assertThat(Figures.number(123456, 3)).isEqualTo("123000");
        assertThat(Figures.number(Double.NaN, 3)).isEqualTo("n/a");
    }

    @Test
    void axisUnitsFollowTheLargestValue() {
        assertThat(Figures.massUnit(8.4e-7)).isEqualTo("mg");
        assertThat(Figures.inMassUnit(8.4e-7, "mg")).isEqualTo(0.84, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Figures.massUnit(3)).isEqualTo("kg");
        assertThatThrownBy(() -> Figures.inMassUnit(1, "lb")).isInstanceOf(IllegalArgumentException.class);
    }
}
