package io.carbonmlops.ledger.keys;

import io.carbonmlops.ledger.LedgerEntry;
import io.carbonmlops.ledger.SignedEntry;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;

/**
 * An Ed25519 key that signs ledger entries, with its public key and key id. The private key never appears in
 * {@link #toString()}, messages or logs.
 *
 * <p>The key file is PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), as {@code carbon ledger keygen} and
 * {@code openssl genpkey -algorithm ed25519} write it. The public key is derived from the private one, so the
 * private key file alone is enough to sign (a Jenkins secret file, for example).
 */
public final class SigningKey {
    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        this.keyId = PublicKeys.keyId(publicKey);
    }

    /** A new random key pair. */
    public static SigningKey generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new SigningKey(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks Ed25519 (Java 15 or newer has it)", e);
        }
    }

    /**
     * Reads a PKCS#8 PEM private key file.
     *
     * @throws IOException when the file cannot be read or holds no Ed25519 private key; the message names the file,
     *                     never its content
     */
    public static SigningKey load(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("signing key " + file + " is a directory: give the private key file (NAME.key)");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IOException("signing key " + file + " does not exist (create one with 'carbon ledger keygen')", e);
        } catch (CharacterCodingException e) {
            throw new IOException("signing key " + file + " is not a PEM text file (expected '" + PEM_BEGIN + "')", e);
        } catch (AccessDeniedException e) {
            throw new IOException("signing key " + file + " cannot be read by this user (permission denied)", e);
        } catch (IOException e) {
            throw new IOException("signing key " + file + " cannot be read: " + e, e);
        }
        try {
            return fromPem(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("signing key " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @throws IllegalArgumentException when the text is not an Ed25519 PKCS#8 PEM private key
     */
    public static SigningKey fromPem(String pem) {
        int begin = pem.indexOf(PEM_BEGIN);
        int end = pem.indexOf(PEM_END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("not a PKCS#8 PEM private key (expected '" + PEM_BEGIN + "'; "
                    + "'carbon ledger keygen' or 'openssl genpkey -algorithm ed25519' write one)");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + PEM_BEGIN.length(), end).strip());
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            return fromPrivateKey(key);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 private key (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * The key with its public half. Java 17 has no call that derives an Ed25519 public key, but its key-pair
     * generator turns the 32 bytes it draws from its random source into the private key (RFC 8032, 5.1.5); fed the
     * private key's own bytes, it computes the matching public key. A sign-and-verify check confirms the pair.
     */
    public static SigningKey fromPrivateKey(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey edKey) || !"Ed25519".equals(((NamedParameterSpec) edKey.getParams()).getName())) {
            throw new IllegalArgumentException("not an Ed25519 private key");
        }
        byte[] seed = edKey.getBytes().orElseThrow(() -> new IllegalArgumentException("the private key hides its bytes"));
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
            SigningKey derived = new SigningKey(key, generator.generateKeyPair().getPublic());
            derived.checkPair();
            return derived;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks Ed25519", e);
        }
    }

    private void checkPair() {
        String probe = "carbon-ledger key check";
        if (!Signatures.verify(publicKey, probe, Signatures.sign(privateKey, probe))) {
            throw new IllegalStateException("the public key derived from the private key does not verify its "
                    + "signatures; this JVM's Ed25519 key generator works differently than expected");
        }
    }

    /** Signs the entry's canonical payload. */
    public SignedEntry sign(LedgerEntry entry) {
        String payload = entry.payload();
        return new SignedEntry(entry.entryId(), payload, keyId, PublicKeys.toBase64(publicKey),
                Signatures.sign(privateKey, payload));
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String keyId() {
        return keyId;
    }

    /** The private key as PKCS#8 PEM, for writing the key file. */
    String toPem() {
        return PEM_BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(privateKey.getEncoded()) + "\n" + PEM_END + "\n";
    }

    @Override
    public String toString() {
        return "SigningKey[keyId=" + keyId + "]";
    }

    /** A random source that hands out one fixed byte string: the private key to derive the public key from. */
    private static final class FixedBytes extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;
        private boolean used;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (used || out.length != bytes.length) {
                throw new IllegalStateException("the Ed25519 key generator asked for " + out.length + " bytes; the "
                        + "public key cannot be derived this way on this JVM");
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
            used = true;
        }
    }
}
