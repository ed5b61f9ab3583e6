package io.carbonmlops.ledger.store;

import java.time.Duration;

/** Opens the store a {@link LedgerLocation} names. */
public final class LedgerStores {
    private LedgerStores() {}

    /**
     * @param timeout SQLite: how long to wait for other writers; PostgreSQL: connect and login timeout
     * @throws io.carbonmlops.ledger.LedgerUnavailableException when the store cannot be reached now
     * @throws io.carbonmlops.ledger.LedgerException when it is not a usable ledger
     */
    public static LedgerStore open(LedgerLocation location, Duration timeout) {
        if (location instanceof LedgerLocation.Postgres postgres) {
            return PostgresLedgerStore.open(postgres, timeout);
        }
        return SqliteLedgerStore.open(((LedgerLocation.Sqlite) location).file(), timeout);
    }

    /**
     * The store of a ledger that must exist already, for readers (verify, show, export, head): a database without the
     * ledger's tables is refused as "not a carbon ledger" and left unchanged.
     *
     * @throws io.carbonmlops.ledger.LedgerException when it is not a ledger
     */
    public static LedgerStore openExisting(LedgerLocation location, Duration timeout) {
        if (location instanceof LedgerLocation.Postgres postgres) {
            return PostgresLedgerStore.open(postgres, timeout, false);
        }
        return SqliteLedgerStore.open(((LedgerLocation.Sqlite) location).file(), timeout, false);
    }

    /** With the default timeouts ({@link SqliteLedgerStore#DEFAULT_BUSY_TIMEOUT}, {@link PostgresLedgerStore#DEFAULT_CONNECT_TIMEOUT}). */
    public static LedgerStore open(LedgerLocation location) {
        return open(location, location instanceof LedgerLocation.Postgres ? PostgresLedgerStore.DEFAULT_CONNECT_TIMEOUT
                : SqliteLedgerStore.DEFAULT_BUSY_TIMEOUT);
    }
}
