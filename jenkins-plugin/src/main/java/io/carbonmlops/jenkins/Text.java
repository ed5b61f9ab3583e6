package io.carbonmlops.jenkins;

/** Form values arrive as empty strings; the plugin stores "unset" as null. */
final class Text {
    private Text() {}

    static String trimToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
