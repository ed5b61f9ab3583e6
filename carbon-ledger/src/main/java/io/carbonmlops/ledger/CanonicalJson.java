package io.carbonmlops.ledger;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON Canonicalization Scheme (RFC 8785, "JCS"): the one text form of a ledger entry that is signed and hashed.
 *
 * <ul>
 *   <li>no whitespace between tokens;</li>
 *   <li>object members sorted by name, compared as arrays of UTF-16 code units ({@link String#compareTo});</li>
 *   <li>strings: {@code "} and {@code \} escaped, {@code \b \t \n \f \r} as such, other characters below U+0020 as
 *       {@code \}{@code u00xx} (lower-case hex), everything else as itself in UTF-8; a lone surrogate is refused;</li>
 *   <li>numbers: IEEE-754 doubles written as ECMAScript's {@code Number.prototype.toString} does
 *       ({@link EcmaNumbers}): the shortest digits that read back as the same double, so every double round-trips;
 *       NaN and infinities are refused (JSON has no spelling for them), {@code -0} is written {@code 0};</li>
 *   <li>{@code true}, {@code false}, {@code null} as themselves.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class CanonicalJson {
    private CanonicalJson() {}

    /** The canonical text of a JSON value. */
    public static String write(JsonElement value) {
        return write(value, 256);
    }

    private static String write(JsonElement value, int expectedLength) {
        StringBuilder out = new StringBuilder(expectedLength);
        write(value, out);
        return out.toString();
    }

    /**
     * Parses {@code text} and checks that it is canonical (what {@link #write} makes of it is the same text), so
     * that duplicate member names, insignificant whitespace or other spellings of a number cannot hide in a payload.
     *
     * @throws JsonParseException naming what is not canonical
     */
    public static JsonObject parseCanonicalObject(String text) {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new JsonParseException("not JSON: " + e.getMessage(), e);
        }
        if (!parsed.isJsonObject()) {
            throw new JsonParseException("not a JSON object");
        }
        String canonical;
        try {
            canonical = write(parsed, text.length() + 16);
        } catch (IllegalArgumentException e) { // a lone surrogate, or a number beyond a double (1e400)
            throw new JsonParseException("not canonical JSON: " + e.getMessage(), e);
        }
        if (!canonical.equals(text)) {
            throw new JsonParseException("not in canonical form (RFC 8785): differs from its canonical text at "
                    + "character " + firstDifference(canonical, text));
        }
        return parsed.getAsJsonObject();
    }

    private static void write(JsonElement value, StringBuilder out) {
        if (value == null || value.isJsonNull()) {
            out.append("null");
        } else if (value.isJsonObject()) {
            writeObject(value.getAsJsonObject(), out);
        } else if (value.isJsonArray()) {
            writeArray(value.getAsJsonArray(), out);
        } else {
            writePrimitive(value.getAsJsonPrimitive(), out);
        }
    }

    private static void writeObject(JsonObject object, StringBuilder out) {
        List<Map.Entry<String, JsonElement>> members = new ArrayList<>(object.entrySet());
        members.sort(Map.Entry.comparingByKey());
        out.append('{');
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeString(members.get(i).getKey(), out);
            out.append(':');
            write(members.get(i).getValue(), out);
        }
        out.append('}');
    }

    private static void writeArray(JsonArray array, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < array.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            write(array.get(i), out);
        }
        out.append(']');
    }

    private static void writePrimitive(JsonPrimitive primitive, StringBuilder out) {
        if (primitive.isBoolean()) {
            out.append(primitive.getAsBoolean());
        } else if (primitive.isNumber()) {
            // Every JSON number is an IEEE-754 double in JCS; a parsed number keeps its text until read here.
            String text = primitive.getAsNumber().toString();
            out.append(EcmaNumbers.toString(Double.parseDouble(text), text));
        } else {
            writeString(primitive.getAsString(), out);
        }
    }

    private static void writeString(String text, StringBuilder out) {
        out.append('"');
        if (!needsEscapes(text)) {
            out.append(text).append('"'); // most names and values: one copy, not one append per character
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isSurrogate(c)) {
                        i = appendSurrogatePair(text, i, out);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean needsEscapes(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** Appends the pair starting at {@code i}; returns the index of its low surrogate. */
    private static int appendSurrogatePair(String text, int i, StringBuilder out) {
        char high = text.charAt(i);
        if (Character.isHighSurrogate(high) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            out.append(high).append(text.charAt(i + 1));
            return i + 1;
        }
        throw new IllegalArgumentException(String.format("a string holds a lone surrogate U+%04X at index %d, which "
                + "I-JSON (RFC 7493) and so RFC 8785 do not allow", (int) high, i));
    }

    private static int firstDifference(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return i;
            }
        }
        return n;
    }
}
