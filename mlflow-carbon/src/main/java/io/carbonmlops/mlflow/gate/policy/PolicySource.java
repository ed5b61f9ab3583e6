package io.carbonmlops.mlflow.gate.policy;

/**
 * Where a policy entry was written, so explanations and errors can point at it.
 *
 * @param file the policy file as given (or a label such as {@code <string>})
 * @param line 1-based line
 */
public record PolicySource(String file, int line) {
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
