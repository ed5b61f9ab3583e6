package io.carbonmlops.ledger;

import java.util.Objects;

/**
 * An entry as a store holds it: its place in the chain, the signed entry, and the indexed columns as stored (which
 * verification compares with the payload).
 *
 * @param seq       position in the chain, from 1, without gaps in an intact ledger
 * @param prevHash  the stored {@code prev_hash}: {@code entry_hash} of entry {@code seq - 1}
 * @param entryHash the stored {@link ChainHash} of this entry
 */
public record StoredEntry(long seq, String prevHash, String entryHash, SignedEntry signed, IndexedFields indexed) {
    public StoredEntry {
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(entryHash, "entryHash");
        Objects.requireNonNull(signed, "signed");
        Objects.requireNonNull(indexed, "indexed");
    }

    /** The payload parsed (and checked to be canonical). */
    public LedgerEntry entry() {
        return signed.entry();
    }

    /** "seq 42 (entry 0b5c…)" for messages. */
    public String describe() {
        return "seq " + seq + " (entry " + signed.entryId() + ")";
    }
}
