package io.carbonmlops.mlflow.gate;

import io.carbonmlops.ledger.LedgerEntry;
import io.carbonmlops.meter.report.Figures;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * A rule's serving limit ({@code max_inference_g_per_1k}) applied to a decision: the CO2e per 1,000 predictions of
 * the version's latest verified {@code inference-window} entry made since the version was created.
 *
 * @param limitGPer1k grams CO2e per 1,000 predictions the rule allows
 * @param gPer1k      the latest window's figure; empty when there is no such entry (no inference record)
 * @param entryId     that entry
 * @param predictions its prediction count
 * @param occurredAt  the end of its window
 * @param signer      the trust list's name for its signer
 */
public record InferenceCheck(double limitGPer1k, OptionalDouble gPer1k, Optional<UUID> entryId, long predictions,
        Optional<Instant> occurredAt, Optional<String> signer) {
    public InferenceCheck {
        Objects.requireNonNull(gPer1k, "gPer1k");
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(signer, "signer");
    }

    public static InferenceCheck missing(double limitGPer1k) {
        return new InferenceCheck(limitGPer1k, OptionalDouble.empty(), Optional.empty(), 0, Optional.empty(),
                Optional.empty());
    }

    public boolean recordMissing() {
        return gPer1k.isEmpty();
    }

    public boolean exceeded() {
        return gPer1k.isPresent() && gPer1k.getAsDouble() > limitGPer1k;
    }

    /** "inference 3.2 g CO2e per 1k predictions (limit 2 g)": one unit for both, like the training budget. */
    public String againstLimit() {
        if (gPer1k.isEmpty()) {
            return "no inference record (limit " + Figures.mass(limitGPer1k / 1000) + " CO2e per 1k predictions)";
        }
        String[] both = Figures.massAgainst(gPer1k.getAsDouble() / 1000, limitGPer1k / 1000);
        return "inference " + both[0] + " CO2e per 1k predictions (limit " + both[1] + ")";
    }

    public String describe() {
        if (gPer1k.isEmpty()) {
            return "inference: " + againstLimit() + ": no verified inference-window entry for this version since it"
                    + " was created";
        }
        return String.format(Locale.ROOT, "inference: %s, latest window ending %s, %d predictions, entry %s signed"
                + " by %s%s", againstLimit(), occurredAt.map(LedgerEntry::formatInstant).orElse("?"), predictions,
                entryId.map(UUID::toString).orElse("?"), signer.orElse("?"), exceeded() ? " — EXCEEDED" : "");
    }
}
