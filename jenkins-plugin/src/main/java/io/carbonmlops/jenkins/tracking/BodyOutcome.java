package io.carbonmlops.jenkins.tracking;

import java.util.Locale;

/** How the body of a tracked block ended; the MLflow tag {@code carbon.outcome} spells it in lower case. */
public enum BodyOutcome {
    SUCCESS, FAILURE, ABORTED;

    /**
     * Classifies the body's failure: none is success; an interruption (an abort, a {@code timeout}, whose
     * {@code FlowInterruptedException} is an {@link InterruptedException}) is an abort; anything else a failure.
     */
    public static BodyOutcome of(Throwable bodyFailure) {
        if (bodyFailure == null) {
            return SUCCESS;
        }
        return bodyFailure instanceof InterruptedException ? ABORTED : FAILURE;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
