package io.carbonmlops.ledger.keys;

import java.security.PublicKey;
import java.util.Objects;

/**
 * A signer the reader trusts.
 *
 * @param name      the name a policy uses for it ({@code signed_by: jenkins-prod})
 * @param publicKey its Ed25519 public key
 * @param keyId     {@link PublicKeys#keyId} of the key
 */
public record TrustedKey(String name, PublicKey publicKey, String keyId) {
    public TrustedKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(keyId, "keyId");
        // Signatures are looked up by key id and checked with publicKey: the two must be the same key.
        if (!PublicKeys.keyId(publicKey).equals(keyId)) {
            throw new IllegalArgumentException("trusted key '" + name + "': " + keyId + " is not the key id of its "
                    + "public key (" + PublicKeys.keyId(publicKey) + ")");
        }
    }

    public static TrustedKey of(String name, PublicKey publicKey) {
        return new TrustedKey(name, publicKey, PublicKeys.keyId(publicKey));
    }
}
