package io.carbonmlops.mlflow.gate;

import io.carbonmlops.ledger.Attribution;
import io.carbonmlops.ledger.CarbonLedger;
import io.carbonmlops.ledger.EntryKind;
import io.carbonmlops.ledger.LedgerConfig;
import io.carbonmlops.ledger.LedgerEntry;
import io.carbonmlops.ledger.MeasurementEntries;
import io.carbonmlops.ledger.SignedEntry;
import io.carbonmlops.ledger.StoredEntry;
import io.carbonmlops.ledger.keys.PublicKeys;
import io.carbonmlops.ledger.keys.SigningKey;
import io.carbonmlops.ledger.store.EntryQuery;
import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.ledger.testing.LedgerFixtures;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A real SQLite carbon ledger in a temporary directory for gate tests: measurements signed by the trusted key
 * {@code ci} ({@link #CI}), by a second trusted key {@code laptop}, or by an {@link #OUTSIDER} the policy does not
 * trust; the gate's own key {@link #GATE} signs decisions. {@link #trustYaml()} is the policy's trust list.
 */
public final class TestLedger implements AutoCloseable {
    public static final SigningKey CI = LedgerFixtures.KEY_A;
    public static final SigningKey OUTSIDER = LedgerFixtures.KEY_B;
    public static final SigningKey LAPTOP = SigningKey.generate();
    public static final SigningKey GATE = SigningKey.generate();

    private final LedgerConfig config;
    private final CarbonLedger ledger;

    private TestLedger(LedgerConfig config) {
        this.config = config;
        this.ledger = CarbonLedger.open(config, GATE);
    }

    /** A ledger at {@code dir/ledger.db}, spooling under {@code dir/spool}. */
    public static TestLedger in(Path dir) {
        return new TestLedger(LedgerConfig.of(new LedgerLocation.Sqlite(dir.resolve("ledger.db")))
                .withSpoolBase(dir.resolve("spool")));
    }

    /** {@code trust:} naming {@code ci} and {@code laptop} (not the outsider), to start a policy with. */
    public static String trustYaml() {
        return "trust:\n"
                + "  - name: ci\n    public_key: " + PublicKeys.toBase64(CI.publicKey()) + "\n"
                + "  - name: laptop\n    public_key: " + PublicKeys.toBase64(LAPTOP.publicKey()) + "\n";
    }

    /** The ledger opened with the gate key, as a gate uses it. */
    public CarbonLedger ledger() {
        return ledger;
    }

    public LedgerConfig config() {
        return config;
    }

    public Path file() {
        return ((LedgerLocation.Sqlite) config.location()).file();
    }

    /** A measurement of {@code co2eKg} attributed to {@code runId}, signed by {@code ci}, ending at {@code end}. */
    public UUID measure(String runId, double co2eKg, Instant end) {
        return measure(CI, Attribution.none().withMlflowRun("1", runId), co2eKg, end);
    }

    /** A measurement with any attribution, signed by {@code key} (null: unsigned). */
    public UUID measure(SigningKey key, Attribution attribution, double co2eKg, Instant end) {
        LedgerEntry entry = MeasurementEntries.fromDocument(LedgerFixtures.document(end, co2eKg), attribution,
                end.plusSeconds(1));
        ledger.append(key == null ? SignedEntry.unsigned(entry) : key.sign(entry));
        return entry.entryId();
    }

    /** The gate-decision entries, in chain order. */
    public List<StoredEntry> decisions() {
        return ledger.entries(EntryQuery.all().kind(EntryKind.GATE_DECISION));
    }

    @Override
    public void close() {
        ledger.close();
    }
}
