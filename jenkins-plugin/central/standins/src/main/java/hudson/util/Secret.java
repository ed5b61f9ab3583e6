package hudson.util;

import java.io.Serializable;

/** Stand-in: an encrypted value; {@link #fromString} and {@link #getPlainText} work so plain tests can use one. */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public String getPlainText() {
        return value;
    }

    public static Secret fromString(String data) {
        return new Secret(data == null ? "" : data);
    }

    public static String toString(Secret s) {
        return s == null ? "" : s.getPlainText();
    }
}
