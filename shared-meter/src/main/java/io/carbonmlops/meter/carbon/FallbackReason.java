package io.carbonmlops.meter.carbon;

/** Why a provider gave no figure and the chain moved on. The spelling in output is {@link #label()}. */
public enum FallbackReason {
    NO_CREDENTIALS("no-credentials"),
    UNAUTHORIZED("http-401-unauthorized"),
    FORBIDDEN("http-403-forbidden"),
    RATE_LIMITED("http-429-rate-limited"),
    SERVER_ERROR("http-5xx-server-error"),
    HTTP_ERROR("http-error"),
    TIMEOUT("timeout"),
    NETWORK_ERROR("network-error"),
    MALFORMED_RESPONSE("malformed-response"),
    UNKNOWN_ZONE("unknown-zone-at-provider"),
    NO_DATA("no-data-for-interval"),
    PROVIDER_ERROR("provider-error");

    private final String label;

    FallbackReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The reason an HTTP status other than 2xx stands for. */
    public static FallbackReason ofHttpStatus(int status) {
        if (status == 401) {
            return UNAUTHORIZED;
        }
        if (status == 403) {
            return FORBIDDEN;
        }
        if (status == 429) {
            return RATE_LIMITED;
        }
        if (status == 400 || status == 404) {
            return UNKNOWN_ZONE;
        }
        return status >= 500 ? SERVER_ERROR : HTTP_ERROR;
    }
}
