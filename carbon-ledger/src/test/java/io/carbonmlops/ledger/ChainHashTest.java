package io.carbonmlops.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChainHashTest {
    // Computed independently with Python's hashlib from the framing documented in ChainHash and docs/ledger.md.
    private static final String SIGNATURE = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1"
            + "Njc4OTo7PD0+Pw==";

    @Test
    void signedEntryHash() {
        assertThat(ChainHash.of(1, ChainHash.GENESIS, "ab", SIGNATURE, "{\"a\":1}"))
                .isEqualTo("d80b450f224f0dbc0b7e24756356e2084876f8f1cae930ea1a6b82e47f1e4eb9");
    }

    @Test
    void unsignedEntryHashCoversUtf8Payload() {
        assertThat(ChainHash.of(2, "11".repeat(32), null, null, "{\"a\":\"\u00e9\"}"))
                .isEqualTo("bf4eb1c329c5499239db2bd0e4a1e0e742f7b2b691c428e35637c08200eacb92");
    }

    @Test
    void everyFramedFieldChangesTheHash() {
        String base = ChainHash.of(1, ChainHash.GENESIS, "ab", SIGNATURE, "{\"a\":1}");
        assertThat(ChainHash.of(2, ChainHash.GENESIS, "ab", SIGNATURE, "{\"a\":1}")).isNotEqualTo(base);
        assertThat(ChainHash.of(1, "0".repeat(63) + "1", "ab", SIGNATURE, "{\"a\":1}")).isNotEqualTo(base);
        assertThat(ChainHash.of(1, ChainHash.GENESIS, "ac", SIGNATURE, "{\"a\":1}")).isNotEqualTo(base);
        assertThat(ChainHash.of(1, ChainHash.GENESIS, null, null, "{\"a\":1}")).isNotEqualTo(base);
        assertThat(ChainHash.of(1, ChainHash.GENESIS, "ab", SIGNATURE, "{\"a\":2}")).isNotEqualTo(base);
    }

    @Test
    void aMalformedPreviousHashIsRefused() {
        assertThatThrownBy(() -> ChainHash.of(1, "ABC", null, null, "{}")).hasMessageContaining("64 lower-case hex");
    }
}
