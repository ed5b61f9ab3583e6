package io.carbonmlops.ledger.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SeenEntriesTest {
    @Test
    void everyIdIsKeptWithItsFirstSeqAcrossGrowth() {
        SeenEntries seen = new SeenEntries();
        List<UUID> ids = new ArrayList<>();
        for (int i = 1; i <= 5000; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            assertThat(seen.firstSeqIfSeen(id, i)).isEmpty();
        }
        assertThat(seen.firstSeqIfSeen(ids.get(0), 9001)).isEqualTo(OptionalLong.of(1));
        assertThat(seen.firstSeqIfSeen(ids.get(4999), 9002)).isEqualTo(OptionalLong.of(5000));
        assertThat(seen.firstSeqIfSeen(new UUID(0, 0), 9003)).isEmpty();
        assertThat(seen.firstSeqIfSeen(new UUID(0, 0), 9004)).isEqualTo(OptionalLong.of(9003));
    }
}
