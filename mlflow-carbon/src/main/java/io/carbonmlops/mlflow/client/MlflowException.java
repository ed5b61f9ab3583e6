package io.carbonmlops.mlflow.client;

/**
 * Something went wrong talking to MLflow. Messages name the call and the cause, never a credential.
 * {@link #isTransient()} says whether trying again later (the spool) can help.
 */
public class MlflowException extends RuntimeException {
    private final boolean transientFailure;

    public MlflowException(String message) {
        this(message, null, false);
    }

    public MlflowException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /** @param transientFailure whether the same request may succeed later without any change */
    public MlflowException(String message, Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /** True when the same request may succeed later without any change (server down, overloaded, timed out). */
    public boolean isTransient() {
        return transientFailure;
    }
}
