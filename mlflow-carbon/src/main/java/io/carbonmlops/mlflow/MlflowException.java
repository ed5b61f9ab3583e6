package io.carbonmlops.mlflow;

/**
 * Something went wrong talking to MLflow. Messages name the call and the cause, never a credential.
 * {@link #isTransient()} says whether trying again later (the spool) can help.
 */
public class MlflowException extends RuntimeException {
    public MlflowException(String message) {
        super(message);
    }

    public MlflowException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when the same request may succeed later without any change (server down, overloaded, timed out). */
    public boolean isTransient() {
        return false;
    }
}
