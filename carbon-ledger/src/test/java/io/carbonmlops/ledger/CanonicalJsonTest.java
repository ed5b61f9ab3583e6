package io.carbonmlops.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
    @Test
    void rfc8785Example() {
        // RFC 8785, section 3.2.2: the input has whitespace, unsorted keys, escapes and numbers in many spellings.
        String input = "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
                + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
                + "  \"literals\": [null, true, false]\n}";

        String canonical = CanonicalJson.write(JsonParser.parseString(input));

        assertThat(canonical).isEqualTo("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,"
                + "1e-27],\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @Test
    void membersAreSortedByUtf16CodeUnits() {
        // RFC 8785, section 3.2.3: "\r" < "1" < "\u0080" < "ö" < "€" < "😀" (a surrogate pair) < "דּ" (U+FB33).
        JsonObject json = new JsonObject();
        for (String key : new String[] {"\u20ac", "\r", "\ufb33", "1", "\ud83d\ude00", "\u0080", "\u00f6"}) {
            json.addProperty(key, key.length());
        }

        assertThat(CanonicalJson.write(json)).isEqualTo(
                "{\"\\r\":1,\"1\":1,\"\u0080\":1,\"\u00f6\":1,\"\u20ac\":1,\"\ud83d\ude00\":2,\"\ufb33\":1}");
    }

    @Test
    void controlCharactersAreEscapedInLowerCaseHexAndOthersKept() {
        JsonArray values = new JsonArray();
        values.add("\u0000\u001f\u007f\u2028\b\t");

        assertThat(CanonicalJson.write(values)).isEqualTo("[\"\\u0000\\u001f\u007f\u2028\\b\\t\"]");
    }

    @Test
    void loneSurrogatesAndNonFiniteNumbersAreRefused() {
        JsonArray surrogate = new JsonArray();
        surrogate.add("a\ud800b");
        JsonArray nan = new JsonArray();
        nan.add(Double.NaN);

        assertThatThrownBy(() -> CanonicalJson.write(surrogate)).hasMessageContaining("lone surrogate U+D800");
        assertThatThrownBy(() -> CanonicalJson.write(nan)).hasMessageContaining("NaN cannot be written as JSON");
    }

    @Test
    void numbersAreWrittenAsEcmaScriptDoes() throws Exception {
        // es-numbers.txt: bit patterns and what node's Number.prototype.toString made of them (gen-es-numbers.js).
        int checked = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                getClass().getResourceAsStream("es-numbers.txt")), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] parts = line.split(" ");
                double value = Double.longBitsToDouble(HexFormat.fromHexDigitsToLong(parts[0]));
                assertThat(EcmaNumbers.toString(value)).as("0x%s", parts[0]).isEqualTo(parts[1]);
                for (String spelling : otherSpellings(parts[1])) {
                    assertThat(EcmaNumbers.toString(value, spelling)).as("0x%s spelt %s", parts[0], spelling)
                            .isEqualTo(parts[1]);
                }
                assertThat(EcmaNumbers.toString(value, null)).as("0x%s by the exact search", parts[0])
                        .isEqualTo(parts[1]);
                assertThat(Double.parseDouble(parts[1])).as("round trip of 0x%s", parts[0]).isEqualTo(value == 0 ? 0.0 : value);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10_000);
    }

    /** The same decimal written other ways: with an exponent, padded with zeros, Java's way. */
    private static List<String> otherSpellings(String ecma) {
        java.math.BigDecimal decimal = new java.math.BigDecimal(ecma);
        return List.of(ecma, decimal.toString(), decimal.toEngineeringString(), decimal.setScale(decimal.scale() + 2)
                .toPlainString(), decimal.unscaledValue() + "e" + -decimal.scale(), "0" + ecma.replace("-", ""),
                Double.toString(Double.parseDouble(ecma)));
    }

    @Test
    void shortDecimalsAreWrittenAsTheExactSearchWritesThem() {
        java.util.Random random = new java.util.Random(8785);
        for (int i = 0; i < 50_000; i++) {
            double value = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> Math.round(random.nextDouble() * 1e6) / Math.pow(10, random.nextInt(12));
                case 2 -> random.nextInt(100_000) * Math.pow(10, random.nextInt(40) - 20);
                default -> random.nextGaussian() * Math.pow(10, random.nextInt(600) - 300);
            };
            if (Double.isFinite(value)) {
                assertThat(EcmaNumbers.toString(value)).as("%s (0x%x)", value, Double.doubleToRawLongBits(value))
                        .isEqualTo(EcmaNumbers.toString(value, null));
            }
        }
    }

    @Test
    void aDecimalThatDoesNotReadBackIsIgnored() {
        assertThat(EcmaNumbers.toString(0.5, "0.25")).isEqualTo("0.5");
        assertThat(EcmaNumbers.toString(0.5, "0x1p-1")).isEqualTo("0.5");
        assertThat(EcmaNumbers.toString(-0.5, "0.5")).as("the sign comes from the value").isEqualTo("-0.5");
        assertThat(EcmaNumbers.toString(Double.MIN_VALUE, "4.9e-324")).isEqualTo("5e-324");
    }

    @Test
    void parseCanonicalAcceptsOnlyTheCanonicalText() {
        assertThat(CanonicalJson.parseCanonicalObject("{\"a\":1,\"b\":[0.5]}").get("b").getAsJsonArray().get(0)
                .getAsDouble()).isEqualTo(0.5);
        for (String other : new String[] {"{\"b\":1,\"a\":1}", "{\"a\": 1}", "{\"a\":1.0}", "{\"a\":1,\"a\":2}",
            "{\"a\":\"\\u0041\"}", "[1]", "{\"a\":1e400}", "{\"a\":\"\\ud800\"}"}) {
            assertThatThrownBy(() -> CanonicalJson.parseCanonicalObject(other)).as(other)
                    .isInstanceOf(JsonParseException.class);
        }
    }
}
