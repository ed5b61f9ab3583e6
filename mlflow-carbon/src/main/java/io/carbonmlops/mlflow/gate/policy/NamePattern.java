package io.carbonmlops.mlflow.gate.policy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An exact name or a glob ({@code *} any run of characters, {@code ?} one character), matched ignoring case so that
 * a rule for {@code Production} or {@code fraud-*} cannot be sidestepped by spelling a name differently.
 */
public final class NamePattern {
    private final String glob;
    private final Pattern regex;

    public NamePattern(String glob) {
        Objects.requireNonNull(glob, "glob");
        if (glob.isBlank()) {
            throw new IllegalArgumentException("a name pattern must not be blank");
        }
        this.glob = glob;
        this.regex = toRegex(glob);
    }

    public boolean matches(String name) {
        return regex.matcher(name).matches();
    }

    public String glob() {
        return glob;
    }

    /** Whether the pattern names exactly one name (no {@code *} or {@code ?}). */
    public boolean isExact() {
        return glob.indexOf('*') < 0 && glob.indexOf('?') < 0;
    }

    private static Pattern toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NamePattern that && glob.equals(that.glob);
    }

    @Override
    public int hashCode() {
        return glob.hashCode();
    }

    @Override
    public String toString() {
        return glob;
    }
}
