package io.carbonmlops.meter.report;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Carbon and energy figures for people: an automatic scale (mg, g, kg, t CO2e; J, Wh, kWh, MWh) and three
 * significant digits, never scientific notation, so {@code 5.35e-9 kg} reads {@code 0.00535 mg CO2e} and not
 * {@code 0.000 kg}. Text only: JSON, metrics and tags keep the exact values in their fixed units.
 */
public final class Figures {
    /** Significant digits of a figure on its own. */
    public static final int DIGITS = 3;
    private static final int MAX_DIGITS = 12;
    private static final double JOULES_PER_WH = 3600;
    private static final Unit[] MASS = {
        new Unit("t", 1e3), new Unit("kg", 1), new Unit("g", 1e-3), new Unit("mg", 1e-6),
    };
    private static final Unit[] ENERGY = {
        new Unit("MWh", 1e6 * JOULES_PER_WH), new Unit("kWh", 1e3 * JOULES_PER_WH), new Unit("Wh", JOULES_PER_WH),
        new Unit("J", 1),
    };

    private Figures() {}

    /** A unit and how many base units (kg, J) one of it is. */
    private record Unit(String symbol, double size) {}

    /** {@code 1.23 g CO2e}, from kilograms. */
    public static String co2e(double kg) {
        return mass(kg) + " CO2e";
    }

    /** {@code 1.23 g}, from kilograms. */
    public static String mass(double kg) {
        return scaled(kg, MASS, DIGITS);
    }

    /** {@code 606 J}, {@code 1.23 kWh}, from joules. */
    public static String energy(double joules) {
        return scaled(joules, ENERGY, DIGITS);
    }

    /** {@link #energy} of a figure in kWh. */
    public static String energyKwh(double kwh) {
        return energy(kwh * 1e3 * JOULES_PER_WH);
    }

    /**
     * A figure and the budget it is judged against, in the budget's unit and with as many digits as it takes for a
     * figure that differs from the budget to read differently ({@code 1.0004 kg} against {@code 1 kg} reads
     * {@code 1.0004 kg}, not {@code 1.00 kg}). Returns {figure, budget}, each with its unit.
     */
    public static String[] massAgainst(double figureKg, double budgetKg) {
        Unit unit = unitFor(Math.max(Math.abs(figureKg), Math.abs(budgetKg)), MASS);
        int digits = DIGITS;
        while (digits < MAX_DIGITS && figureKg != budgetKg
                && number(figureKg / unit.size(), digits).equals(number(budgetKg / unit.size(), digits))) {
            digits++;
        }
        return new String[] {
            number(figureKg / unit.size(), digits) + " " + unit.symbol(),
            number(budgetKg / unit.size(), digits) + " " + unit.symbol(),
        };
    }

    /** The unit a mass axis or column of values up to {@code largestKg} reads best in: "mg", "g", "kg" or "t". */
    public static String massUnit(double largestKg) {
        return unitFor(Math.abs(largestKg), MASS).symbol();
    }

    /** {@code kg} expressed in {@link #massUnit}'s unit {@code symbol}. */
    public static double inMassUnit(double kg, String symbol) {
        for (Unit unit : MASS) {
            if (unit.symbol().equals(symbol)) {
                return kg / unit.size();
            }
        }
        throw new IllegalArgumentException("not a mass unit: " + symbol);
    }

    /** {@code digits} significant digits in plain notation: 0.000706, 2.5, 250; "n/a" when not a number. */
    public static String number(double value, int digits) {
        if (value == 0) {
            return "0";
        }
        if (!Double.isFinite(value)) {
            return Double.isNaN(value) ? "n/a" : Double.toString(value);
        }
        return new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
    }

    private static String scaled(double value, Unit[] units, int digits) {
        if (!Double.isFinite(value)) {
            return number(value, digits);
        }
        Unit unit = unitFor(Math.abs(value), units);
        String text = number(value / unit.size(), digits);
        // Rounding may carry into the next unit (999.6 g reads 1000 g): then the rounded value in that unit (1 kg).
        double rounded = new BigDecimal(text).doubleValue() * unit.size();
        if (unitFor(Math.abs(rounded), units) != unit) {
            return scaled(rounded, units, digits);
        }
        return text + " " + unit.symbol();
    }

    /** The largest unit the value is at least one of, else the smallest; zero reads in g or J. */
    private static Unit unitFor(double magnitude, Unit[] units) {
        if (magnitude == 0) {
            return units == MASS ? MASS[2] : ENERGY[3];
        }
        for (Unit unit : units) {
            if (magnitude >= unit.size()) {
                return unit;
            }
        }
        return units[units.length - 1];
    }
}
