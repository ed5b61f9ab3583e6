package io.carbonmlops.ledger.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonmlops.ledger.testing.LedgerFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustListTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("trust.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void readsNamesAndKeysInBase64OrPem() throws Exception {
        String pem = PublicKeys.toPem(LedgerFixtures.KEY_B.publicKey()).replace("\n", "\n      ");
        TrustList trust = TrustList.load(write("trust:\n"
                + "  - name: jenkins-prod\n    public_key: " + PublicKeys.toBase64(LedgerFixtures.KEY_A.publicKey()) + "\n"
                + "  - name: laptop\n    public_key: |\n      " + pem + "\n"));

        assertThat(trust.byKeyId(LedgerFixtures.KEY_A.keyId()).orElseThrow().name()).isEqualTo("jenkins-prod");
        assertThat(trust.byName("laptop").orElseThrow().publicKey()).isEqualTo(LedgerFixtures.KEY_B.publicKey());
        assertThat(trust.byKeyId("0".repeat(64))).isEmpty();
    }

    @Test
    void theFingerprintDependsOnNamesAndKeysNotOrder() {
        TrustedKey a = TrustedKey.of("a", LedgerFixtures.KEY_A.publicKey());
        TrustedKey b = TrustedKey.of("b", LedgerFixtures.KEY_B.publicKey());

        assertThat(TrustList.of(java.util.List.of(a, b)).fingerprint())
                .isEqualTo(TrustList.of(java.util.List.of(b, a)).fingerprint())
                .isNotEqualTo(TrustList.of(java.util.List.of(a)).fingerprint());
    }

    @Test
    void mistakesAreNamed() throws Exception {
        String keyA = PublicKeys.toBase64(LedgerFixtures.KEY_A.publicKey());
        assertThatThrownBy(() -> TrustList.load(write("keys: []"))).hasMessageContaining("top-level 'trust:'");
        assertThatThrownBy(() -> TrustList.load(write("trust:\n  - name: a\n"))).hasMessageContaining(
                "trust entry 1 ('a') needs a 'public_key'");
        assertThatThrownBy(() -> TrustList.load(write("trust:\n  - name: a\n    public_key: nope\n")))
                .hasMessageContaining("trust entry 1 ('a'): not an Ed25519 public key");
        assertThatThrownBy(() -> TrustList.load(write("trust:\n  - {name: a, public_key: " + keyA + "}\n"
                + "  - {name: a, public_key: " + PublicKeys.toBase64(LedgerFixtures.KEY_B.publicKey()) + "}\n")))
                .hasMessageContaining("names 'a' twice");
        assertThatThrownBy(() -> TrustList.load(write("trust:\n  - {name: a, public_key: " + keyA + "}\n"
                + "  - {name: b, public_key: " + keyA + "}\n"))).hasMessageContaining("the same key as 'a' and 'b'");
        assertThatThrownBy(() -> TrustList.load(dir.resolve("none.yaml"))).hasMessageContaining("does not exist");
    }

    @Test
    void aTrustedKeyCannotCarryAnotherKeysId() {
        // A policy that names a trusted key by id must not make entries of another key count under that id.
        assertThatThrownBy(() -> new TrustedKey("jenkins-prod", LedgerFixtures.KEY_B.publicKey(),
                LedgerFixtures.KEY_A.keyId())).hasMessageContaining("is not the key id of its public key");
        assertThat(new TrustedKey("jenkins-prod", LedgerFixtures.KEY_A.publicKey(), LedgerFixtures.KEY_A.keyId())
                .keyId()).isEqualTo(LedgerFixtures.KEY_A.keyId());
    }
}
