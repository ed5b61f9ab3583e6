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

    private EcmaNumbers() {}

    /**
     * @throws IllegalArgumentException for NaN and infinities, which JSON cannot express
     */
    public static String toString(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(value + " cannot be written as JSON (RFC 8785 allows finite numbers only)");
        }
        if (value == 0) {
            return "0"; // -0 too
        }
        String sign = value < 0 ? "-" : "";
        BigDecimal shortest = shortestDecimal(Math.abs(value));
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale(); // value = digits × 10^(n-k)
        return sign + layout(digits, k, n);
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
