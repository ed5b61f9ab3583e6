package io.carbonmlops.ledger.verify;

/** Why verification stopped at an entry. */
public enum BreakReason {
    /** The row cannot be read as an entry: payload not canonical JSON of a known schema, ids that disagree. */
    MALFORMED("malformed entry"),
    /** The stored entry_hash is not the hash of the row's contents: the row was edited or moved to another seq. */
    CONTENT_MISMATCH("contents do not match the stored hash"),
    /** The row's prev_hash is not the hash of the entry before it: that entry was edited, replaced or moved. */
    LINK_MISMATCH("not chained to the entry before it"),
    /** Sequence numbers jump: the entries in between were deleted. */
    MISSING_ENTRIES("entries before it are missing"),
    /** An indexed column (run, team, figure, …) differs from the signed payload: a query or total would be misled. */
    INDEX_MISMATCH("indexed column differs from the signed payload"),
    /** The signature does not verify with the signer's key: the payload or signature was forged or altered. */
    BAD_SIGNATURE("signature does not verify"),
    /** The key is not in the trust list (or, without one, not in the ledger). */
    UNKNOWN_KEY("signed by an unknown key"),
    /** The entry is unsigned and unsigned entries were not allowed ({@code --require-signed}). */
    UNSIGNED("unsigned entry"),
    /** The entry id was met earlier in the chain: one signed entry stored twice (a replay) would count twice. */
    DUPLICATE_ENTRY("the same entry is stored earlier"),
    /** An anchor or checkpoint names a hash this entry no longer has: history before it was rewritten. */
    ANCHOR_MISMATCH("does not match the anchor"),
    /** The ledger ends before an anchor or checkpoint: entries at its end were deleted. */
    TRUNCATED("ledger ends before the anchor");

    private final String label;

    BreakReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
