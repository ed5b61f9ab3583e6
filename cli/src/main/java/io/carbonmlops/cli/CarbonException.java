package io.carbonmlops.cli;

/**
 * A failure a user can act on: its message (what went wrong and what to do) is printed without a stack trace,
 * and the command line exits with {@link #exitCode()}.
 */
public class CarbonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CarbonException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CarbonException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
