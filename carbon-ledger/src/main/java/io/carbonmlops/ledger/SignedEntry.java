package io.carbonmlops.ledger;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An entry ready to append: its canonical payload and, when signed, the Ed25519 signature over it. Made by
 * {@link io.carbonmlops.ledger.keys.SigningKey#sign} (or {@link #unsigned}) on any thread, before and apart from the
 * append; spooled as it is when the ledger is unreachable.
 *
 * @param entryId   the payload's {@code entry_id}
 * @param payload   canonical JSON of a {@link LedgerEntry}
 * @param keyId     the signer's key id ({@link io.carbonmlops.ledger.keys.PublicKeys#keyId}); null when unsigned
 * @param publicKey the signer's public key, base64 of its X.509 SubjectPublicKeyInfo; null when unsigned. Stored once
 *                  per key in the ledger so that a verifier without a trust list can still check signatures
 * @param signature base64 of the 64-byte Ed25519 signature over {@code "carbon-ledger/entry/v1" 0x00 || payload};
 *                  null when unsigned
 */
public record SignedEntry(UUID entryId, String payload, String keyId, String publicKey, String signature) {
    public SignedEntry {
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(payload, "payload");
        if ((keyId == null) != (signature == null)) {
            throw new IllegalArgumentException("a signed entry needs both a key id and a signature, an unsigned one "
                    + "neither (entry " + entryId + ")");
        }
    }

    /** An entry nobody vouches for: chained like any other, but a gate treats its figures as no carbon record. */
    public static SignedEntry unsigned(LedgerEntry entry) {
        return new SignedEntry(entry.entryId(), entry.payload(), null, null, null);
    }

    public boolean isSigned() {
        return signature != null;
    }

    public Optional<String> signer() {
        return Optional.ofNullable(keyId);
    }

    /** The entry the payload holds. */
    public LedgerEntry entry() {
        return LedgerEntry.parse(payload);
    }

    /** True when both hold the same payload, signature and key: a repeated append of the same record. */
    public boolean sameRecordAs(SignedEntry other) {
        return entryId.equals(other.entryId) && payload.equals(other.payload) && Objects.equals(keyId, other.keyId)
                && Objects.equals(signature, other.signature);
    }
}
