package io.carbonmlops.mlflow.client;

import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text that came from outside (MLflow's error bodies, exception messages, URIs) before it reaches
 * a message, a log line or the spool: the known secrets of the credentials in use, credentials in URIs,
 * {@code Authorization}-style values and {@code password=…}-style pairs. Then shortens it to one line.
 */
public final class Redaction {
    static final String MASK = "****";
    private static final int MAX_CHARS = 300;
    private static final Pattern URI_USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)([^/?#@]{0,200})@");
    private static final Pattern AUTH_VALUE = Pattern.compile("(?i)\\b(basic|bearer)\\s+[A-Za-z0-9._~+/=-]{6,}");
    private static final Pattern SECRET_PAIR = Pattern.compile(
            "(?i)(\"?(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|authorization)\"?\\s*[:=]\\s*\"?)"
                    + "([^\\s\"&,;]+)");
    private static final Pattern MARKUP = Pattern.compile("<[^>]{0,200}>");

    private Redaction() {}

    /** The text without secrets, on one line, at most 300 characters. */
    public static String redact(String text, Collection<String> secrets) {
        if (text == null) {
            return "";
        }
        String out = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 3) {
                out = out.replace(secret, MASK);
            }
        }
        out = URI_USER_INFO.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + userOnly(m.group(2))
                + "@"));
        out = AUTH_VALUE.matcher(out).replaceAll("$1 " + MASK);
        out = SECRET_PAIR.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        out = MARKUP.matcher(out).replaceAll(" ").replaceAll("\\s+", " ").strip();
        return out.length() <= MAX_CHARS ? out : out.substring(0, MAX_CHARS) + "…";
    }

    /** A URI for messages: {@code https://admin:s3cret@h/x} becomes {@code https://admin:****@h/x}. */
    public static String uri(String uri) {
        return uri == null ? "" : URI_USER_INFO.matcher(uri)
                .replaceAll(m -> Matcher.quoteReplacement(m.group(1) + userOnly(m.group(2)) + "@"));
    }

    private static String userOnly(String userInfo) {
        int colon = userInfo.indexOf(':');
        return colon < 0 ? MASK : userInfo.substring(0, colon) + ":" + MASK;
    }
}
