package io.carbonmlops.mlflow.gate.policy;

import io.carbonmlops.ledger.LedgerEntry;
import io.carbonmlops.mlflow.gate.GateTarget;
import io.carbonmlops.mlflow.gate.VersionIdentity;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * An approved exception (the policy's {@code exceptions:} list): lets one model version reach a target despite its
 * budgets until the end of {@code expires} (UTC). It binds to the version's identity (name, number, source run and
 * creation time, {@link VersionIdentity}), not to its number alone: a model deleted and re-created under the same
 * name has a version with the same number that this exception does not cover.
 *
 * @param model     registered model name (exact, case-sensitive)
 * @param version   model version
 * @param runId     the version's source run; empty for a version registered without one ({@code run_id: none})
 * @param createdAt the version's creation time, to the millisecond
 * @param target    stage or alias pattern
 * @param approver  who approved it
 * @param reason    why
 * @param expires   last day (UTC) on which it applies
 * @param source    where it was written
 */
public record Waiver(String model, String version, Optional<String> runId, Instant createdAt, TargetPattern target,
        String approver, String reason, LocalDate expires, PolicySource source) {

    public Waiver {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(approver, "approver");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(source, "source");
    }

    /** Names this model and version number (whatever its identity): a candidate worth a note when it does not match. */
    public boolean names(String modelName, String modelVersion, GateTarget gateTarget) {
        return model.equals(modelName) && version.equals(modelVersion) && target.matches(gateTarget);
    }

    /** Covers exactly this version (name, number, source run, creation time) and target. */
    public boolean covers(VersionIdentity identity, GateTarget gateTarget) {
        return names(identity.model(), identity.version(), gateTarget) && runId.equals(identity.runId())
                && createdAt.toEpochMilli() == identity.createdAt().toEpochMilli();
    }

    public boolean isValidOn(LocalDate todayUtc) {
        return !todayUtc.isAfter(expires);
    }

    public String describe() {
        return "exception approved by " + approver + " until " + expires + " for version " + version + " (run_id "
                + runId.orElse("none") + ", created_at " + LedgerEntry.formatInstant(createdAt) + ") (" + source
                + "): " + reason;
    }
}
