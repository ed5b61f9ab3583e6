package io.carbonmlops.mlflow;

/**
 * MLflow answered with an error status. {@link #errorCode()} is MLflow's {@code error_code}
 * ({@code RESOURCE_DOES_NOT_EXIST}, {@code INVALID_PARAMETER_VALUE}, …) or {@code HTTP_<status>} when the body was
 * not MLflow error JSON (basic-auth 401/403 are plain text).
 */
public final class MlflowApiException extends MlflowException {
    private final int httpStatus;
    private final String errorCode;
    private final String serverMessage;

    public MlflowApiException(String call, int httpStatus, String errorCode, String serverMessage) {
        super(call + " failed: HTTP " + httpStatus + " " + errorCode + (serverMessage.isEmpty() ? "" : ": " + serverMessage)
                + remedy(httpStatus));
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.serverMessage = serverMessage;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String errorCode() {
        return errorCode;
    }

    /** The server's message, abbreviated. */
    public String serverMessage() {
        return serverMessage;
    }

    public boolean isNotFound() {
        return httpStatus == 404 || "RESOURCE_DOES_NOT_EXIST".equals(errorCode);
    }

    /**
     * The server refused this request's content for good (400: {@code INVALID_PARAMETER_VALUE}, {@code BAD_REQUEST},
     * a run no longer active…): sending the same write again cannot succeed.
     */
    public boolean isRejection() {
        return httpStatus == 400;
    }

    /** 429 and 5xx other than 501: the server may accept the same request later. */
    @Override
    public boolean isTransient() {
        return httpStatus == 429 || httpStatus == 408 || (httpStatus >= 500 && httpStatus != 501);
    }

    private static String remedy(int status) {
        return switch (status) {
            case 401 -> " (set " + MlflowConfig.TRACKING_USERNAME + "/" + MlflowConfig.TRACKING_PASSWORD + " or "
                    + MlflowConfig.TRACKING_TOKEN + ")";
            case 403 -> " (the MLflow user lacks permission on this experiment or run)";
            default -> "";
        };
    }
}
