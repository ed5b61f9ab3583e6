package io.carbonmlops.mlflow.client;

/**
 * No answer from MLflow: connection refused, unroutable, unknown host, a connect or response timeout, a failed TLS
 * handshake, or a gateway answering 502/503/504. Always worth retrying later.
 */
public final class MlflowUnreachableException extends MlflowException {
    public MlflowUnreachableException(String message, Throwable cause) {
        super(message, cause, true);
    }
}
