package io.carbonmlops.mlflow.gate.lineage;

import io.carbonmlops.ledger.StoredEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rows a gate has already found intact and signed by a trusted key, by a digest of everything the per-entry check
 * covers (seq, links, hash, signer, signature, payload, indexed columns), with the signer's trust-list name. A row
 * read again unchanged need not have its Ed25519 signature checked again (about 0.5 ms each); a row changed in any
 * way has another digest and is checked afresh. One per gate, whose trust list never changes. Thread-safe; holds at
 * most {@link #MAX_ROWS} rows and starts over beyond that.
 */
public final class VerifiedRows {
    static final int MAX_ROWS = 200_000;

    private final Map<String, String> signerByRow = new ConcurrentHashMap<>();

    Optional<String> signerOf(StoredEntry row) {
        return Optional.ofNullable(signerByRow.get(digest(row)));
    }

    void remember(StoredEntry row, String signer) {
        if (signerByRow.size() >= MAX_ROWS) {
            signerByRow.clear();
        }
        signerByRow.put(digest(row), signer);
    }

    private static String digest(StoredEntry row) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {Long.toString(row.seq()), row.prevHash(), row.entryHash(),
                    String.valueOf(row.signed().keyId()), String.valueOf(row.signed().signature()),
                    row.signed().entryId().toString(), row.signed().payload(), row.indexed().toString()}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) ':');
                sha.update(bytes);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256", e);
        }
    }
}
