package io.carbonmlops.mlflow.client;

/**
 * MLflow answered with an error status: the one exception type carrying MLflow's {@code error_code}
 * ({@code RESOURCE_DOES_NOT_EXIST}, {@code INVALID_PARAMETER_VALUE}, {@code PERMISSION_DENIED}, …), or
 * {@code HTTP_<status>} when the body was not MLflow's error JSON (basic-auth 401/403 are plain text, a proxy's 502
 * is HTML). The server's message is redacted and shortened before it gets here.
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

    /** The server's message, redacted and abbreviated. */
    public String serverMessage() {
        return serverMessage;
    }

    public boolean isNotFound() {
        return httpStatus == 404 || "RESOURCE_DOES_NOT_EXIST".equals(errorCode);
    }

    /** 401 or 403: credentials missing, wrong, or without permission. */
    public boolean isAuthFailure() {
        return httpStatus == 401 || httpStatus == 403;
    }

    /**
     * The server refused this request's content for good (400: {@code INVALID_PARAMETER_VALUE}, {@code BAD_REQUEST},
     * a run no longer active…): sending the same write again cannot succeed.
     */
    public boolean isRejection() {
        return httpStatus == 400;
    }

    /** 408, 429 and 5xx other than 501: the server may accept the same request later. */
    @Override
    public boolean isTransient() {
        return httpStatus == 429 || httpStatus == 408 || (httpStatus >= 500 && httpStatus != 501);
    }

    /** 502, 503 and 504: the server (or the one behind a proxy) is not answering at all. */
    boolean isUnavailable() {
        return httpStatus == 502 || httpStatus == 503 || httpStatus == 504;
    }

    private static String remedy(int status) {
        return switch (status) {
            case 401 -> " (set " + MlflowConfig.TRACKING_USERNAME + "/" + MlflowConfig.TRACKING_PASSWORD + " or "
                    + MlflowConfig.TRACKING_TOKEN + ")";
            case 403 -> " (the MLflow user lacks permission for this)";
            default -> "";
        };
    }
}
