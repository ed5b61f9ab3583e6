package io.carbonmlops.mlflow.gate.lineage;

import io.carbonmlops.ledger.Attribution;
import io.carbonmlops.ledger.LedgerEntry;
import io.carbonmlops.ledger.verify.EntryVerdict;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * A ledger entry the gate counts: intact and signed by a trusted key. Everything here is read from the signed
 * payload, never from the store's indexed columns or from MLflow.
 *
 * @param signer  the trust list's name for the key that signed it
 * @param co2eKg  the body's {@code co2e_kg}; empty when the measurement computed no carbon
 */
public record CarbonEntry(UUID entryId, long seq, Attribution attribution, Instant occurredAt, OptionalDouble co2eKg,
        String signer) {
    public CarbonEntry {
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(attribution, "attribution");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(co2eKg, "co2eKg");
        Objects.requireNonNull(signer, "signer");
    }

    /** The entry of a trusted verdict. */
    static CarbonEntry of(EntryVerdict verdict) {
        LedgerEntry entry = verdict.entry().entry();
        var figure = entry.body().get("co2e_kg");
        OptionalDouble co2e = figure != null && figure.isJsonPrimitive() && figure.getAsJsonPrimitive().isNumber()
                ? OptionalDouble.of(figure.getAsDouble()) : OptionalDouble.empty();
        return new CarbonEntry(entry.entryId(), verdict.entry().seq(), entry.attribution(), entry.occurredAt(), co2e,
                verdict.signerName().orElseThrow());
    }

    public Optional<String> runId() {
        return attribution.mlflowRunId();
    }

    public Optional<String> parentRunId() {
        return attribution.get(Attribution.MLFLOW_PARENT_RUN_ID);
    }

    public Optional<String> pipelineId() {
        return attribution.get(Attribution.PIPELINE_ID);
    }

    /**
     * What the entry is counted under: its MLflow run, or the entry itself when it names none (a pipeline step
     * measured without MLflow).
     */
    public String countedAs() {
        return runId().orElse("entry " + entryId);
    }
}
