package io.carbonmlops.meter.carbon;

import java.util.Objects;

/**
 * A provider could not give a figure. The message says what was asked and what came back, never a credential.
 */
public class ProviderException extends Exception {
    private static final long serialVersionUID = 1L;

    private final FallbackReason reason;

    public ProviderException(FallbackReason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ProviderException(FallbackReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public FallbackReason reason() {
        return reason;
    }
}
