package io.carbonmlops.ledger.verify;

import io.carbonmlops.ledger.ChainHash;

/**
 * A chain position recorded outside the ledger ({@code carbon ledger head} prints one): entry {@code seq} had hash
 * {@code entryHash}. Because every hash covers all entries before it, a later verification that finds the same hash
 * at {@code seq} proves that nothing up to there changed, and one that finds fewer entries proves truncation.
 */
public record Anchor(long seq, String entryHash) {
    public Anchor {
        if (seq < 1) {
            throw new IllegalArgumentException("an anchor's seq starts at 1, was " + seq);
        }
        if (!ChainHash.isHash(entryHash)) {
            throw new IllegalArgumentException("an anchor's hash is 64 lower-case hex digits, was '" + entryHash + "'");
        }
    }

    /**
     * Reads {@code SEQ:HASH}.
     *
     * @throws IllegalArgumentException saying the expected form
     */
    public static Anchor parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("an anchor is SEQ:HASH as 'carbon ledger head' prints it, was '" + text + "'");
        }
        try {
            return new Anchor(Long.parseLong(text.substring(0, colon).strip()), text.substring(colon + 1).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("an anchor is SEQ:HASH as 'carbon ledger head' prints it, was '" + text
                    + "'");
        }
    }

    @Override
    public String toString() {
        return seq + ":" + entryHash;
    }
}
