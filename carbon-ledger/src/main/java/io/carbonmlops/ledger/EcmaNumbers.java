package io.carbonmlops.ledger;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Doubles written as ECMAScript's {@code Number.prototype.toString} writes them (ECMA-262, Number::toString), the
 * number form of RFC 8785: the fewest significant digits that read back as the same double (the closest such
 * decimal, ties to an even last digit), plain notation for exponents from -7 to 20, otherwise {@code 1.5e+21} /
 * {@code 1e-7}.
 *
 * <p>{@link Double#toString} is not used: on Java 17 it sometimes gives more digits than needed (JDK-4511638, fixed
 * in Java 19), which would make our payloads differ from every other JCS implementation.
 */
public final class EcmaNumbers {
    private static final int MAX_DIGITS = 17; // always enough for a double to round-trip
    /** DBL_DIG: two different decimals of at most 15 significant digits never read as the same normal double. */
    private static final int UNIQUE_DIGITS = 15;

    private EcmaNumbers() {}

    /**
     * @throws IllegalArgumentException for NaN and infinities, which JSON cannot express
     */
    public static String toString(double value) {
        return toString(value, Double.isFinite(value) ? Double.toString(value) : null);
    }

    /**
     * The same, given a decimal text that reads back as {@code value} (a parsed JSON number's own text, or
     * {@link Double#toString}). When that text has at most 15 significant digits and the value is a normal double,
     * no shorter decimal and no other of its length reads back as the value (DBL_DIG), so its digits are the answer
     * and only their layout is ECMAScript's: the exact binary expansion is not needed. Most ledger figures (0, 5400,
     * 0.0022) are such; the others take the exact search.
     *
     * @param decimal null, or a decimal that reads back as {@code value}; one that does not is ignored
     * @throws IllegalArgumentException for NaN and infinities, which JSON cannot express
     */
    public static String toString(double value, String decimal) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(value + " cannot be written as JSON (RFC 8785 allows finite numbers only)");
        }
        if (value == 0) {
            return "0"; // -0 too
        }
        String sign = value < 0 ? "-" : "";
        String quick = decimal == null ? null : fromShortDecimal(value, decimal);
        if (quick != null) {
            return sign + quick;
        }
        BigDecimal shortest = shortestDecimal(Math.abs(value));
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale(); // value = digits × 10^(n-k)
        return sign + layout(digits, k, n);
    }

    /** The layout of {@code decimal}'s digits when they are provably the shortest; null when that is not shown. */
    private static String fromShortDecimal(double value, String decimal) {
        if (Math.abs(value) < Double.MIN_NORMAL) {
            return null; // subnormals have fewer than 53 bits: DBL_DIG does not hold
        }
        int end = decimal.length();
        int exponentAt = Math.max(decimal.indexOf('e'), decimal.indexOf('E'));
        int exponent = 0;
        if (exponentAt >= 0) {
            try {
                exponent = Integer.parseInt(decimal.substring(exponentAt + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            end = exponentAt;
        }
        StringBuilder digits = new StringBuilder(UNIQUE_DIGITS + 2);
        boolean point = false;
        int integerDigits = 0; // value = 0.digits × 10^integerDigits (× 10^exponent)
        for (int i = decimal.startsWith("-") || decimal.startsWith("+") ? 1 : 0; i < end; i++) {
            char c = decimal.charAt(i);
            if (c == '.' && !point) {
                point = true;
            } else if (c >= '0' && c <= '9') {
                if (c != '0' || digits.length() > 0) {
                    digits.append(c);
                    integerDigits += point ? 0 : 1;
                } else if (point) {
                    integerDigits--; // a zero between the point and the first digit
                }
            } else {
                return null;
            }
            if (digits.length() > MAX_DIGITS + 2) {
                return null;
            }
        }
        int k = digits.length();
        while (k > 0 && digits.charAt(k - 1) == '0') {
            k--;
        }
        if (k == 0 || k > UNIQUE_DIGITS || Math.abs(Double.parseDouble(decimal)) != Math.abs(value)) {
            return null;
        }
        return layout(digits.substring(0, k), k, integerDigits + exponent);
    }

    private static String layout(String digits, int k, int n) {
        if (k <= n && n <= 21) {
            return digits + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return digits.substring(0, n) + "." + digits.substring(n);
        }
        if (-6 < n && n <= 0) {
            return "0." + "0".repeat(-n) + digits;
        }
        int exponent = n - 1;
        String mantissa = k == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
    }

    /** The shortest decimal that reads back as {@code value} (> 0); of two such, the closer; a tie takes the even. */
    private static BigDecimal shortestDecimal(double value) {
        BigDecimal exact = new BigDecimal(value);
        BigDecimal quick = quickShortest(value, exact);
        return quick != null ? quick : searchShortest(value, exact);
    }

    /**
     * The usual case, cheaply: {@link Double#toString} has p significant digits and reads back; when no decimal of
     * p - 1 digits reads back, p is the shortest length, and the p-digit decimal closest to the value is the answer
     * if it reads back. Null when that cannot be shown (then {@link #searchShortest} decides).
     */
    private static BigDecimal quickShortest(double value, BigDecimal exact) {
        int precision = new BigDecimal(Double.toString(value)).stripTrailingZeros().precision();
        if (precision > 1 && readsBack(exact, precision - 1, value)) {
            return null;
        }
        BigDecimal closest = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
        return closest.doubleValue() == value ? closest.stripTrailingZeros() : null;
    }

    private static boolean readsBack(BigDecimal exact, int precision, double value) {
        return exact.round(new MathContext(precision, RoundingMode.FLOOR)).doubleValue() == value
                || exact.round(new MathContext(precision, RoundingMode.CEILING)).doubleValue() == value;
    }

    private static BigDecimal searchShortest(double value, BigDecimal exact) {
        for (int precision = 1; precision <= MAX_DIGITS; precision++) {
            BigDecimal down = exact.round(new MathContext(precision, RoundingMode.FLOOR));
            BigDecimal up = exact.round(new MathContext(precision, RoundingMode.CEILING));
            boolean downReadsBack = down.doubleValue() == value;
            boolean upReadsBack = up.doubleValue() == value;
            if (downReadsBack && upReadsBack && down.compareTo(up) != 0) {
                return closer(exact, down, up).stripTrailingZeros();
            }
            if (downReadsBack) {
                return down.stripTrailingZeros();
            }
            if (upReadsBack) {
                return up.stripTrailingZeros();
            }
        }
        throw new AssertionError("no " + MAX_DIGITS + "-digit decimal reads back as " + value);
    }

    private static BigDecimal closer(BigDecimal exact, BigDecimal down, BigDecimal up) {
        int comparison = exact.subtract(down).compareTo(up.subtract(exact));
        if (comparison != 0) {
            return comparison < 0 ? down : up;
        }
        return down.unscaledValue().testBit(0) ? up : down;
    }
}
