package io.carbonmlops.ledger.verify;

import io.carbonmlops.ledger.keys.TrustList;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link LedgerVerifier#verify} checks.
 *
 * @param fromSeq       first entry to check (1 = from the start); entry {@code fromSeq - 1}'s stored hash is taken
 *                      as the link into the range
 * @param toSeq         last entry to check ({@link Long#MAX_VALUE}: to the head)
 * @param trust         signers to trust; empty: check signatures with the keys the ledger holds (which proves only
 *                      that each entry is intact, not who made it). With a trust list, a key not in it is a break
 * @param requireSigned unsigned entries are a break
 * @param anchor        a position recorded elsewhere that must still hold
 * @param checkpoint    an earlier verification's checkpoint: the entries up to it are not checked again in full
 *                      when the chain still reaches its hash (see {@link Checkpoint}); a range that ends before it
 *                      is walked on to it, hashes and links only
 * @param threads       threads that check entries (signatures dominate; 1 to 256)
 */
public record VerifyOptions(long fromSeq, long toSeq, Optional<TrustList> trust, boolean requireSigned,
        Optional<Anchor> anchor, Optional<Checkpoint> checkpoint, int threads) {
    public VerifyOptions {
        if (fromSeq < 1 || toSeq < fromSeq) {
            throw new IllegalArgumentException("verify range must have 1 <= from <= to, was " + fromSeq + ".." + toSeq);
        }
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(checkpoint, "checkpoint");
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("verify threads must be 1 to 256, was " + threads);
        }
    }

    /** The whole ledger, keys from the ledger, unsigned entries allowed, one thread per core. */
    public static VerifyOptions all() {
        return new VerifyOptions(1, Long.MAX_VALUE, Optional.empty(), false, Optional.empty(), Optional.empty(),
                Runtime.getRuntime().availableProcessors());
    }

    public VerifyOptions range(long from, long to) {
        return new VerifyOptions(from, to, trust, requireSigned, anchor, checkpoint, threads);
    }

    public VerifyOptions trusting(TrustList list) {
        return new VerifyOptions(fromSeq, toSeq, Optional.of(list), requireSigned, anchor, checkpoint, threads);
    }

    public VerifyOptions requiringSignatures(boolean required) {
        return new VerifyOptions(fromSeq, toSeq, trust, required, anchor, checkpoint, threads);
    }

    public VerifyOptions withAnchor(Anchor a) {
        return new VerifyOptions(fromSeq, toSeq, trust, requireSigned, Optional.of(a), checkpoint, threads);
    }

    public VerifyOptions withCheckpoint(Checkpoint c) {
        return new VerifyOptions(fromSeq, toSeq, trust, requireSigned, anchor, Optional.of(c), threads);
    }

    public VerifyOptions withoutCheckpoint() {
        return new VerifyOptions(fromSeq, toSeq, trust, requireSigned, anchor, Optional.empty(), threads);
    }

    public VerifyOptions withThreads(int n) {
        return new VerifyOptions(fromSeq, toSeq, trust, requireSigned, anchor, checkpoint, n);
    }

    /** The fingerprint a checkpoint made under these options carries. */
    String trustFingerprint() {
        return trust.map(TrustList::fingerprint).orElse(Checkpoint.LEDGER_KEYS);
    }
}
