package io.carbonmlops.mlflow.gate;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a model version is being promoted: a registry stage (Staging, Production, …) or an alias (champion, …).
 *
 * @param kind stage or alias
 * @param name the stage or alias name as requested; matching against policy rules ignores case
 */
public record GateTarget(Kind kind, String name) {

    public enum Kind { STAGE, ALIAS }

    public GateTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a " + kind.name().toLowerCase(Locale.ROOT) + " name must not be blank");
        }
    }

    public static GateTarget stage(String name) {
        return new GateTarget(Kind.STAGE, name);
    }

    public static GateTarget alias(String name) {
        return new GateTarget(Kind.ALIAS, name);
    }

    /** {@code stage Production} or {@code alias champion}, as explanations print it. */
    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + " " + name;
    }
}
