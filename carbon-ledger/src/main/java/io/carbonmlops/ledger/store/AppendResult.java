package io.carbonmlops.ledger.store;

/**
 * Where an appended entry stands in the chain.
 *
 * @param seq            its sequence number
 * @param entryHash      its chain hash: with {@code seq}, an anchor to keep elsewhere ({@code carbon ledger head})
 * @param alreadyPresent true when the store held this very entry already (a retried or re-flushed append): nothing
 *                       was added
 */
public record AppendResult(long seq, String entryHash, boolean alreadyPresent) {}
