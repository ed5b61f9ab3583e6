package io.carbonmlops.mlflow.gate.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Reduces a request path to the one form the gate matches on, so that spelling a gated endpoint differently cannot
 * get it past the gate: percent-decoding repeated until stable (so {@code %2F} and {@code %252F} become {@code /}),
 * backslashes as slashes, {@code ;parameters} dropped, empty, {@code .} and {@code ..} segments resolved, surrounding
 * whitespace trimmed, lower case. The canonical form is only for matching: the request goes upstream unchanged.
 */
public final class CanonicalPath {
    private static final int MAX_DECODE_ROUNDS = 8;

    private CanonicalPath() {}

    public static String of(String rawPath) {
        String path = rawPath == null ? "" : rawPath;
        for (int round = 0; round < MAX_DECODE_ROUNDS; round++) {
            String decoded = percentDecode(path);
            if (decoded.equals(path)) {
                break;
            }
            path = decoded;
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.replace('\\', '/').split("/")) {
            int parameters = segment.indexOf(';');
            String name = (parameters >= 0 ? segment.substring(0, parameters) : segment).strip()
                    .toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                segments.pollLast();
                continue;
            }
            segments.addLast(name);
        }
        return "/" + String.join("/", segments);
    }

    /** Decodes {@code %XX} escapes as UTF-8 bytes; malformed escapes stay as they are. {@code +} is not a space here. */
    static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) == '%' && isHex(text, i + 1) && isHex(text, i + 2)) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                int codePoint = text.codePointAt(i);
                byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(codePoint);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(String text, int index) {
        return index < text.length() && Character.digit(text.charAt(index), 16) >= 0;
    }
}
