package io.carbonmlops.ledger.verify;

import io.carbonmlops.ledger.keys.PublicKeys;
import io.carbonmlops.ledger.keys.TrustList;
import io.carbonmlops.ledger.keys.TrustedKey;
import io.carbonmlops.ledger.store.LedgerStore;
import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public key to check a key id's signatures with: from the trust list when there is one (a key outside it is
 * unknown), else from the ledger's own key table (accepted only when the key id is that key's hash). Thread-safe.
 */
final class SignerKeys {
    private final Optional<TrustList> trust;
    private final LedgerStore store;
    private final Map<String, Optional<PublicKey>> fromLedger = new ConcurrentHashMap<>();

    SignerKeys(Optional<TrustList> trust, LedgerStore store) {
        this.trust = trust;
        this.store = store;
    }

    Optional<PublicKey> key(String keyId) {
        if (trust.isPresent()) {
            return trust.get().byKeyId(keyId).map(TrustedKey::publicKey);
        }
        return fromLedger.computeIfAbsent(keyId, this::ledgerKey);
    }

    Optional<String> name(String keyId) {
        return trust.flatMap(t -> t.byKeyId(keyId)).map(TrustedKey::name);
    }

    /** Where keys come from, for messages. */
    String source() {
        return trust.isPresent() ? "the trust list" : "the ledger's key table";
    }

    private Optional<PublicKey> ledgerKey(String keyId) {
        try {
            Optional<PublicKey> key = store.publicKey(keyId).map(PublicKeys::parse);
            return key.filter(k -> PublicKeys.keyId(k).equals(keyId));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
