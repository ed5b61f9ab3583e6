package io.carbonmlops.mlflow.gate;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What makes a model version that one version and no other: its name and number, the run it was registered from and
 * the moment MLflow created it. MLflow fixes all four when the version is created. A model deleted and re-created
 * under the same name gets versions with the same numbers but other creation times (and usually other runs), so an
 * exception approved for the old version 7 does not match the new one.
 *
 * @param runId     the version's {@code run_id}; empty when it was registered without one
 * @param createdAt the version's {@code creation_timestamp}, to the millisecond
 */
public record VersionIdentity(String model, String version, Optional<String> runId, Instant createdAt) {
    public VersionIdentity {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** {@code run_id: 3f…, created_at: 2026-11-30T10:15:02.123Z}: what a policy exception must repeat. */
    public String describe() {
        return "run_id: " + runId.orElse("none") + ", created_at: "
                + io.carbonmlops.ledger.LedgerEntry.formatInstant(createdAt);
    }
}
