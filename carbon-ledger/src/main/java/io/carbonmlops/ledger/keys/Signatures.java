package io.carbonmlops.ledger.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Ed25519 over ledger payloads, with the JDK's own EdDSA. What is signed is {@code "carbon-ledger/entry/v1" 0x00}
 * followed by the payload's UTF-8 bytes: the prefix keeps a ledger signature from being valid for any other use of
 * the same key, and vice versa. Thread-safe ({@link Signature} objects are made per call).
 */
public final class Signatures {
    private static final byte[] DOMAIN = "carbon-ledger/entry/v1\0".getBytes(StandardCharsets.US_ASCII);

    private Signatures() {}

    /** Base64 of the 64-byte signature. */
    public static String sign(PrivateKey key, String payload) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(DOMAIN);
            signer.update(payload.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519: " + e.getMessage(), e);
        }
    }

    /**
     * True when {@code signature} is the one base64 text of a 64-byte signature (padded, unused bits zero). Java's
     * decoder also reads it without padding or with other unused bits; those spellings decode to the same bytes, which
     * the chain hashes, so they would let a stored row change unseen.
     */
    public static boolean isCanonical(String signature) {
        try {
            byte[] raw = Base64.getDecoder().decode(signature);
            return raw.length == 64 && Base64.getEncoder().encodeToString(raw).equals(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** True when {@code signature} (base64) is {@code key}'s signature of {@code payload}; false for malformed input. */
    public static boolean verify(PublicKey key, String payload, String signature) {
        try {
            byte[] raw = Base64.getDecoder().decode(signature);
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(DOMAIN);
            verifier.update(payload.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(raw);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
