package io.carbonmlops.ledger.store;

import io.carbonmlops.ledger.LedgerException;

/** A stored row that cannot be read as an entry; verification reports it as the broken entry at {@link #seq()}. */
public final class MalformedRowException extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final long seq;

    public MalformedRowException(long seq, String reason) {
        super("ledger row seq " + seq + " is not a readable entry: " + reason);
        this.seq = seq;
    }

    public long seq() {
        return seq;
    }
}
