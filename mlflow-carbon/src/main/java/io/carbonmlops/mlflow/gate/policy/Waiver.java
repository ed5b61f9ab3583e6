package io.carbonmlops.mlflow.gate.policy;

import io.carbonmlops.mlflow.gate.GateTarget;
import java.time.LocalDate;
import java.util.Objects;

/**
 * An approved exception (the policy's {@code exceptions:} list): lets one model version reach a target despite its
 * budgets until the end of {@code expires} (UTC). The model name and version must match exactly.
 *
 * @param model    registered model name (exact, case-sensitive)
 * @param version  model version
 * @param target   stage or alias pattern
 * @param approver who approved it
 * @param reason   why
 * @param expires  last day (UTC) on which it applies
 * @param source   where it was written
 */
public record Waiver(String model, String version, TargetPattern target, String approver, String reason,
        LocalDate expires, PolicySource source) {

    public Waiver {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(approver, "approver");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(source, "source");
    }

    public boolean covers(String modelName, String modelVersion, GateTarget gateTarget) {
        return model.equals(modelName) && version.equals(modelVersion) && target.matches(gateTarget);
    }

    public boolean isValidOn(LocalDate todayUtc) {
        return !todayUtc.isAfter(expires);
    }

    public String describe() {
        return "exception approved by " + approver + " until " + expires + " (" + source + "): " + reason;
    }
}
