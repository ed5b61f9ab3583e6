package io.carbonmlops.mlflow.gate.api;

/**
 * MLflow answered with an error, or could not be reached. {@link #statusCode()} is 0 when no HTTP answer came back.
 * Messages carry MLflow's own {@code error_code} and message, never credentials.
 */
public final class MlflowApiException extends RuntimeException {
    private final int statusCode;
    private final String errorCode;

    public MlflowApiException(int statusCode, String errorCode, String message) {
        super(message);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
    }

    public MlflowApiException(String message, Throwable cause) {
        super(message, cause);
        this.statusCode = 0;
        this.errorCode = "UNAVAILABLE";
    }

    public int statusCode() {
        return statusCode;
    }

    /** MLflow's {@code error_code}, e.g. {@code RESOURCE_DOES_NOT_EXIST}; {@code UNAVAILABLE} when unreachable. */
    public String errorCode() {
        return errorCode;
    }

    public boolean isNotFound() {
        return statusCode == 404 || "RESOURCE_DOES_NOT_EXIST".equals(errorCode);
    }
}
