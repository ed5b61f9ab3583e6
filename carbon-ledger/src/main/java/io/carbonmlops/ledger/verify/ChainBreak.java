package io.carbonmlops.ledger.verify;

import java.util.Objects;

/**
 * The first entry that failed verification.
 *
 * @param seq     its sequence number
 * @param entryId its entry id as stored; null when the row has none that can be read (or, for
 *                {@link BreakReason#TRUNCATED}, no row exists)
 * @param reason  what failed
 * @param detail  the specifics: which hash, column, key or seq range
 */
public record ChainBreak(long seq, String entryId, BreakReason reason, String detail) {
    public ChainBreak {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** "entry seq 42 (id 0b5c…): signature does not verify: …" */
    public String describe() {
        return "entry seq " + seq + (entryId == null ? "" : " (id " + entryId + ")") + ": " + reason.label() + ": "
                + detail;
    }
}
