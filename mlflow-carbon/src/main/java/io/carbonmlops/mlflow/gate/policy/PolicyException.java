package io.carbonmlops.mlflow.gate.policy;

/**
 * A policy file that cannot be used. The message names the file, the 1-based line and column, the entry, and what is
 * wrong, e.g. {@code gate.yaml:7:16: rules[1].budget_kg: expected a number of kg CO2e >= 0, got 'lots'}.
 */
public final class PolicyException extends RuntimeException {
    private final String file;
    private final int line;
    private final int column;
    private final String problem;

    public PolicyException(String file, int line, int column, String problem) {
        this(file, line, column, problem, null);
    }

    public PolicyException(String file, int line, int column, String problem, Throwable cause) {
        super(file + ":" + line + ":" + column + ": " + problem, cause);
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    /** 1-based line of the offending entry. */
    public int line() {
        return line;
    }

    /** 1-based column of the offending entry. */
    public int column() {
        return column;
    }

    public String problem() {
        return problem;
    }
}
