package io.carbonmlops.ledger.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 public keys in text: base64 of the X.509 SubjectPublicKeyInfo (the body of a PEM {@code PUBLIC KEY}, as
 * {@code openssl pkey -pubout} writes it, e.g. {@code MCowBQYDK2VwAyEA…}), and key ids.
 */
public final class PublicKeys {
    private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PEM_END = "-----END PUBLIC KEY-----";

    private PublicKeys() {}

    /**
     * The key id: SHA-256 of the DER SubjectPublicKeyInfo as 64 lower-case hex digits; the same as
     * {@code openssl pkey -pubin -in KEY.pub -outform DER | sha256sum}.
     */
    public static String keyId(PublicKey key) {
        return HexFormat.of().formatHex(sha256(key.getEncoded()));
    }

    /** The first 16 hex digits of a key id, for summaries. */
    public static String shortId(String keyId) {
        return keyId.length() > 16 ? keyId.substring(0, 16) : keyId;
    }

    /** Base64 of the DER SubjectPublicKeyInfo, on one line. */
    public static String toBase64(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static String toPem(PublicKey key) {
        return PEM_BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n" + PEM_END + "\n";
    }

    /**
     * Reads an Ed25519 public key from base64 or a PEM {@code PUBLIC KEY} block.
     *
     * @throws IllegalArgumentException saying what was expected; never quoting more than the text's start
     */
    public static PublicKey parse(String text) {
        String body = text.strip();
        if (body.startsWith(PEM_BEGIN)) {
            int end = body.indexOf(PEM_END);
            if (end < 0) {
                throw new IllegalArgumentException("a PEM public key lacks its '" + PEM_END + "' line");
            }
            body = body.substring(PEM_BEGIN.length(), end);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a public key must be base64 of an Ed25519 SubjectPublicKeyInfo "
                    + "(e.g. 'MCowBQYDK2VwAyEA…', the body of 'openssl pkey -pubout'), was '" + abbreviate(text) + "'");
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: '" + abbreviate(text) + "' (" + e.getMessage()
                    + "); 'carbon ledger keygen' prints one", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256", e);
        }
    }

    private static String abbreviate(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= 24 ? line : line.substring(0, 24) + "…";
    }
}
