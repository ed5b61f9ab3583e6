package io.carbonmlops.ledger.testing;

import io.carbonmlops.ledger.keys.SigningKey;
import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.ledger.store.LedgerStore;
import io.carbonmlops.ledger.store.LedgerStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One of many processes appending to the same ledger at once (the concurrent-writers test). Arguments: ledger
 * location, signing key file, start-signal file, worker number, entries to append. Waits for the start signal so
 * that all workers append at the same time, signs each entry, appends it, and exits 0; anything else exits 1.
 */
public final class AppendWorker {
    private AppendWorker() {}

    public static void main(String[] args) throws Exception {
        LedgerLocation location = LedgerLocation.parse(args[0]);
        SigningKey key = SigningKey.load(Path.of(args[1]));
        Path go = Path.of(args[2]);
        int worker = Integer.parseInt(args[3]);
        int entries = Integer.parseInt(args[4]);
        try (LedgerStore store = LedgerStores.open(location, Duration.ofSeconds(120))) {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!Files.exists(go)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no start signal");
                }
                Thread.sleep(20);
            }
            for (int i = 0; i < entries; i++) {
                store.append(key.sign(LedgerFixtures.measurement(LedgerFixtures.run("proc-" + worker, "team-" + (worker % 4)),
                        0.001 * (i + 1), i)));
            }
        }
        System.exit(0);
    }
}
