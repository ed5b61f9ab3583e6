package hudson.util;

import java.io.IOException;

/**
 * Stand-in: the verdict of a {@code doCheck…} form method. The real overloads are all here, so that method
 * references such as {@code FormValidation::error} resolve exactly as they do against the real class.
 */
public abstract class FormValidation extends IOException {
    private static final long serialVersionUID = 1L;

    public final Kind kind;

    private FormValidation(Kind kind) {
        this.kind = kind;
    }

    public enum Kind {
        OK, WARNING, ERROR
    }

    public static FormValidation ok() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static FormValidation ok(String message) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static FormValidation ok(String format, Object... args) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static FormValidation warning(String message) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static FormValidation warning(String format, Object... args) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static FormValidation warning(Throwable e, String message) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static FormValidation warning(Throwable e, String format, Object... args) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static FormValidation error(String message) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static FormValidation error(String format, Object... args) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static FormValidation error(Throwable e, String message) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static FormValidation error(Throwable e, String format, Object... args) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
