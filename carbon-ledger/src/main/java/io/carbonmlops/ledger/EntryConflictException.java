package io.carbonmlops.ledger;

/**
 * The store already holds an entry with this entry id but a different payload, signature or key: never a repeat of
 * the same record, so it is refused rather than treated as already appended.
 */
public class EntryConflictException extends LedgerException {
    private static final long serialVersionUID = 1L;

    public EntryConflictException(String message) {
        super(message);
    }
}
