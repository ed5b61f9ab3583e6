package io.carbonmlops.ledger;

/**
 * A ledger operation failed for a reason the message names with its remedy. Messages name the ledger by its
 * {@linkplain io.carbonmlops.ledger.store.LedgerLocation#describe() redacted location}, never a password.
 */
public class LedgerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LedgerException(String message) {
        super(message);
    }

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
