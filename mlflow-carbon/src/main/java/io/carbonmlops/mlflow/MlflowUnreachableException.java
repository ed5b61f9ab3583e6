package io.carbonmlops.mlflow;

/** No answer from MLflow: connection refused or reset, DNS failure, or a timeout. Always worth retrying later. */
public final class MlflowUnreachableException extends MlflowException {
    public MlflowUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
