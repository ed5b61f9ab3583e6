package io.carbonmlops.ledger;

/**
 * The store cannot be reached now (server down, network, timeout, SQLite file locked past the busy timeout): the
 * entry was not appended, and a caller that must not lose it spools it ({@link CarbonLedger#record}).
 */
public class LedgerUnavailableException extends LedgerException {
    private static final long serialVersionUID = 1L;

    public LedgerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
