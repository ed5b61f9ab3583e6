package io.carbonmlops.mlflow.gate.proxy;

import io.carbonmlops.mlflow.gate.GateDecision;
import java.util.Objects;
import java.util.Optional;

/** What the proxy does with an inspected request. */
public sealed interface Ruling {

    /** Send it upstream unchanged; when it succeeds, record the decision (if any) on the model version. */
    record Forward(Optional<GateDecision> decision) implements Ruling {
        public Forward {
            Objects.requireNonNull(decision, "decision");
        }
    }

    /**
     * Answer the client directly with MLflow's error shape, {@code {"error_code": …, "message": …}}.
     *
     * @param status    HTTP status
     * @param errorCode MLflow error code, e.g. {@code PERMISSION_DENIED}
     */
    record Refuse(int status, String errorCode, String message, Optional<GateDecision> decision) implements Ruling {
        public Refuse {
            Objects.requireNonNull(errorCode, "errorCode");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(decision, "decision");
        }

        static Refuse badRequest(String message) {
            return new Refuse(400, "INVALID_PARAMETER_VALUE", message, Optional.empty());
        }
    }
}
