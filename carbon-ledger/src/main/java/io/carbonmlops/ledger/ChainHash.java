package io.carbonmlops.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The hash that chains stored entries. For the entry stored at sequence number {@code seq}:
 *
 * <pre>
 * entry_hash = SHA-256( "carbon-ledger/chain/v1" 0x00
 *                       || seq                       (8 bytes, big-endian)
 *                       || prev_hash                 (32 bytes: entry_hash of seq-1; 32 zero bytes for seq 1)
 *                       || len(key_id)    || key_id    (UTF-8; empty when unsigned)
 *                       || len(signature) || signature (the 64 raw signature bytes; empty when unsigned)
 *                       || len(payload)   || payload   (the canonical JSON, UTF-8) )
 * </pre>
 *
 * where {@code len} is 4 bytes big-endian. Hashes are written as 64 lower-case hex digits. The signature covers
 * only the payload, so an entry is signed before (and far from) the append; the sequence number and the link are
 * added when it is appended, inside the store's one-writer-at-a-time section, and cost one SHA-256 there.
 */
public final class ChainHash {
    /** The {@code prev_hash} of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private static final byte[] DOMAIN = "carbon-ledger/chain/v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();

    private ChainHash() {}

    /** The hash of {@code entry} stored at {@code seq} after the entry whose hash is {@code prevHash}. */
    public static String of(long seq, String prevHash, SignedEntry entry) {
        return of(seq, prevHash, entry.keyId(), entry.signature(), entry.payload());
    }

    /**
     * @param keyId     null when unsigned
     * @param signature base64; null when unsigned
     * @throws IllegalArgumentException when {@code prevHash} is not 64 hex digits or the signature not base64
     */
    public static String of(long seq, String prevHash, String keyId, String signature, String payload) {
        byte[] prev = parseHash(prevHash);
        byte[] key = keyId == null ? new byte[0] : keyId.getBytes(StandardCharsets.UTF_8);
        byte[] sig = signature == null ? new byte[0] : Base64.getDecoder().decode(signature);
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        ByteBuffer framed = ByteBuffer.allocate(DOMAIN.length + 8 + 32 + 12 + key.length + sig.length + body.length);
        framed.put(DOMAIN).putLong(seq).put(prev);
        framed.putInt(key.length).put(key).putInt(sig.length).put(sig).putInt(body.length).put(body);
        return HEX.formatHex(sha256().digest(framed.array()));
    }

    /** True when {@code text} is 64 lower-case hex digits. */
    public static boolean isHash(String text) {
        if (text == null || text.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static byte[] parseHash(String hash) {
        if (!isHash(hash)) {
            throw new IllegalArgumentException("a chain hash is 64 lower-case hex digits, was '" + hash + "'");
        }
        return HEX.parseHex(hash);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256", e);
        }
    }
}
