package io.carbonmlops.ledger.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonmlops.ledger.SignedEntry;
import io.carbonmlops.ledger.testing.LedgerFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {
    @TempDir
    Path dir;

    private String resource(String name) throws IOException {
        return new String(Objects.requireNonNull(getClass().getResourceAsStream(name)).readAllBytes(),
                StandardCharsets.US_ASCII);
    }

    @Test
    void rfc8032TestVectorOneDerivesItsPublicKey() throws Exception {
        // RFC 8032, 7.1, TEST 1: the secret key's PKCS#8 form is a fixed 16-byte prefix and the 32 key bytes.
        byte[] der = HexFormat.of().parseHex("302e020100300506032b657004220420"
                + "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(der)
                + "\n-----END PRIVATE KEY-----\n";

        SigningKey key = SigningKey.fromPem(pem);

        byte[] spki = key.publicKey().getEncoded();
        assertThat(HexFormat.of().formatHex(spki, spki.length - 32, spki.length))
                .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    }

    @Test
    void anOpensslKeyLoadsWithTheSamePublicKeyKeyIdAndSignatures() throws Exception {
        // openssl-test.key: 'openssl genpkey -algorithm ed25519'; .pub: 'openssl pkey -pubout'; the key id is
        // 'openssl pkey -pubin -outform DER | sha256sum' and the signature 'openssl pkeyutl -sign -rawin' of "hello".
        SigningKey key = SigningKey.fromPem(resource("openssl-test.key"));

        assertThat(key.publicKey()).isEqualTo(PublicKeys.parse(resource("openssl-test.pub")));
        assertThat(key.keyId()).isEqualTo("7c237ccaed667989b93f9e755900017c4aaffbe0a06bc5e0058c9531e2df6d8d");
        Signature raw = Signature.getInstance("Ed25519");
        String pem = resource("openssl-test.key");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").strip());
        raw.initSign(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der)));
        raw.update("hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(Base64.getEncoder().encodeToString(raw.sign())).isEqualTo(
                "xmRkrUL6iJx7XZMV3/lUxhyK51tOBjhd49CVbmp4OGVV0dNjo6zSsONwatbVjs2RfChdjY15ZzWN9I2aONmkCA==");
    }

    @Test
    void signaturesCoverThePayloadUnderTheLedgerPrefix() {
        SignedEntry signed = LedgerFixtures.KEY_A.sign(LedgerFixtures.measurement(LedgerFixtures.run("r", "t"), 1, 0));

        assertThat(Signatures.verify(LedgerFixtures.KEY_A.publicKey(), signed.payload(), signed.signature())).isTrue();
        assertThat(Signatures.verify(LedgerFixtures.KEY_B.publicKey(), signed.payload(), signed.signature())).isFalse();
        assertThat(Signatures.verify(LedgerFixtures.KEY_A.publicKey(), signed.payload() + " ", signed.signature()))
                .isFalse();
        assertThat(Signatures.verify(LedgerFixtures.KEY_A.publicKey(), signed.payload(), "not base64!")).isFalse();
        assertThat(signed.keyId()).isEqualTo(LedgerFixtures.KEY_A.keyId());
    }

    @Test
    void keyFilesAreWrittenOwnerOnlyAndNeverOverwritten() throws Exception {
        SigningKey key = SigningKey.generate();

        KeyFiles.KeyPairFiles files = KeyFiles.writeNew(dir.resolve("keys"), "jenkins-prod", key);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.privateKey()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys")))).isEqualTo("rwx------");
        assertThat(SigningKey.load(files.privateKey()).keyId()).isEqualTo(key.keyId());
        assertThat(PublicKeys.parse(Files.readString(files.publicKey()))).isEqualTo(key.publicKey());
        assertThat(KeyFiles.readableByOthers(files.privateKey())).isFalse();
        String before = Files.readString(files.privateKey());
        assertThatThrownBy(() -> KeyFiles.writeNew(dir.resolve("keys"), "jenkins-prod", SigningKey.generate()))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("refusing to overwrite");
        assertThat(Files.readString(files.privateKey())).isEqualTo(before);
        assertThatThrownBy(() -> KeyFiles.writeNew(dir, "../x", key)).hasMessageContaining("key name");
    }

    @Test
    void errorsNameTheFileButNeverItsContent() throws Exception {
        Path notAKey = dir.resolve("bad.key");
        Files.writeString(notAKey, "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LXN0dWZm\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> SigningKey.load(notAKey)).hasMessageContaining(notAKey.toString())
                .hasMessageNotContaining("c2VjcmV0LXN0dWZm");
        assertThatThrownBy(() -> SigningKey.load(dir.resolve("missing.key"))).hasMessageContaining("carbon ledger keygen");
        assertThat(LedgerFixtures.KEY_A.toString()).isEqualTo("SigningKey[keyId=" + LedgerFixtures.KEY_A.keyId() + "]");
    }

    @Test
    void aDirectoryOrABinaryFileGivenAsTheKeyIsNamedWithWhatIsWrong() throws Exception {
        Path binary = dir.resolve("random.key");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});

        assertThatThrownBy(() -> SigningKey.load(dir)).hasMessageContaining("signing key " + dir)
                .hasMessageContaining("is a directory");
        assertThatThrownBy(() -> SigningKey.load(binary)).hasMessageContaining("signing key " + binary)
                .hasMessageContaining("not a PEM text file");
    }
}
