package io.carbonmlops.meter.carbon.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A credential (API token, password) that never shows itself: {@code toString} is fixed, the value is
 * {@code transient} so reflective JSON writers (Gson) skip it, and {@link #redact(String)} scrubs it from any
 * text that might echo it (an error body).
 */
public final class Secret {
    private static final String REDACTED = "[redacted]";

    private final transient String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a credential must not be blank");
        }
        return new Secret(value.strip());
    }

    /**
     * Reads {@code VAR} from the environment, else the file named by {@code VAR_FILE} (first line, trimmed).
     *
     * @throws IllegalArgumentException naming the variable and the file (never its content) when the file is unreadable
     */
    public static Optional<Secret> fromEnvironment(Map<String, String> env, String variable) {
        String direct = env.get(variable);
        if (direct != null && !direct.isBlank()) {
            return Optional.of(of(direct));
        }
        String file = env.get(variable + "_FILE");
        if (file == null || file.isBlank()) {
            return Optional.empty();
        }
        try {
            String content = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            return content.isEmpty() ? Optional.empty() : Optional.of(of(content.lines().findFirst().orElse("")));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + variable + "_FILE=" + file + ": "
                    + e.getClass().getSimpleName() + "; check that the file exists and is readable", e);
        }
    }

    /** The value, for building a request header only. */
    public String reveal() {
        return value;
    }

    /** The text with every occurrence of the value replaced. */
    public String redact(String text) {
        return text == null ? null : text.replace(value, REDACTED);
    }

    @Override
    public String toString() {
        return REDACTED;
    }
}
