package io.carbonmlops.ledger.verify;

import java.util.OptionalLong;
import java.util.UUID;

/**
 * The entry ids a verification has met, each with the seq it was first met at: a signed entry stored twice (a
 * replay) verifies on its own, so only the whole chain can tell. Open addressing over primitive arrays, about 48
 * bytes per entry (a million entries: under 50 MB), where a {@code HashMap<UUID, Long>} would take twice that.
 * Not thread-safe: the verifier's in-order pass uses it.
 */
final class SeenEntries {
    private static final long EMPTY = 0; // seq numbers start at 1

    private long[] high = new long[1024];
    private long[] low = new long[1024];
    private long[] seqs = new long[1024];
    private int size;

    /** Records {@code id} at {@code seq}; returns the seq it was first met at when it was met before. */
    OptionalLong firstSeqIfSeen(UUID id, long seq) {
        if ((size + 1) * 2L > seqs.length) {
            grow();
        }
        int slot = find(high, low, seqs, id.getMostSignificantBits(), id.getLeastSignificantBits());
        if (seqs[slot] != EMPTY) {
            return OptionalLong.of(seqs[slot]);
        }
        high[slot] = id.getMostSignificantBits();
        low[slot] = id.getLeastSignificantBits();
        seqs[slot] = seq;
        size++;
        return OptionalLong.empty();
    }

    /** The slot holding the id, or the empty slot where it belongs. */
    private static int find(long[] high, long[] low, long[] seqs, long h, long l) {
        int mask = seqs.length - 1;
        int slot = Long.hashCode(h * 0x9E3779B97F4A7C15L ^ l) & mask;
        while (seqs[slot] != EMPTY && (high[slot] != h || low[slot] != l)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        int capacity = seqs.length * 2;
        long[] newHigh = new long[capacity];
        long[] newLow = new long[capacity];
        long[] newSeqs = new long[capacity];
        for (int i = 0; i < seqs.length; i++) {
            if (seqs[i] != EMPTY) {
                int slot = find(newHigh, newLow, newSeqs, high[i], low[i]);
                newHigh[slot] = high[i];
                newLow[slot] = low[i];
                newSeqs[slot] = seqs[i];
            }
        }
        high = newHigh;
        low = newLow;
        seqs = newSeqs;
    }
}
