package io.carbonmlops.meter.carbon;

import java.util.Objects;

/**
 * One provider the chain skipped, and why.
 *
 * @param provider the provider's short name
 * @param reason   the kind of failure
 * @param detail   a sentence: what was asked and what came back (never a credential)
 */
public record Fallback(String provider, FallbackReason reason, String detail) {
    public Fallback {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** {@code electricitymaps: http-401-unauthorized (…)}: the form used in warnings and {@code fallback_reason}. */
    public String describe() {
        return provider + ": " + reason.label() + " (" + detail + ")";
    }
}
