package io.carbonmlops.ledger.verify;

import java.util.Objects;

/**
 * What an earlier, successful verification established: every entry up to {@code seq} was checked in full (hashes,
 * links, columns and signatures) under the trust list with {@code trustFingerprint}, and entry {@code seq} had hash
 * {@code entryHash}. A later verification that recomputes the same hash at {@code seq} knows that every byte up to
 * there is unchanged, so it checks only hashes, links and columns there, and canonical form, schema and signatures
 * only after it. A range that ends before {@code seq} is walked on to it, so that its entries are linked to that hash.
 *
 * <p>Kept by the verifier, not in the ledger (whoever can edit the ledger could edit a checkpoint stored in it);
 * {@code carbon ledger verify --checkpoint FILE} reads and writes it.
 *
 * @param ledger           the ledger's redacted location, so a checkpoint is not applied to another ledger
 * @param trustFingerprint {@link io.carbonmlops.ledger.keys.TrustList#fingerprint()} of the list used, or
 *                         {@link #LEDGER_KEYS} when keys came from the ledger itself
 * @param requireSigned    whether unsigned entries were refused
 */
public record Checkpoint(String ledger, long seq, String entryHash, String trustFingerprint, boolean requireSigned) {
    /** The fingerprint of a verification that took public keys from the ledger (no trust list). */
    public static final String LEDGER_KEYS = "ledger-keys";

    public Checkpoint {
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(entryHash, "entryHash");
        Objects.requireNonNull(trustFingerprint, "trustFingerprint");
    }

    public Anchor anchor() {
        return new Anchor(seq, entryHash);
    }

    /** True when signatures checked under this checkpoint's settings hold for a verification with these. */
    boolean covers(String ledgerLocation, String fingerprint, boolean unsignedRefused) {
        return ledger.equals(ledgerLocation) && trustFingerprint.equals(fingerprint)
                && (requireSigned || !unsignedRefused);
    }
}
