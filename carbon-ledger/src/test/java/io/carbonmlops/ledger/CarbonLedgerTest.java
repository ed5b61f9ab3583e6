package io.carbonmlops.ledger;

import static io.carbonmlops.ledger.testing.LedgerFixtures.KEY_A;
import static io.carbonmlops.ledger.testing.LedgerFixtures.measurement;
import static io.carbonmlops.ledger.testing.LedgerFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.ledger.store.LedgerStore;
import io.carbonmlops.ledger.store.LedgerStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CarbonLedger}'s promise that nothing is lost, beyond the store contract's unreachable-ledger test. */
class CarbonLedgerTest {
    @TempDir
    Path dir;

    private LedgerConfig config(Path ledgerFile) {
        return LedgerConfig.of(new LedgerLocation.Sqlite(ledgerFile)).withSpoolBase(dir.resolve("spool"));
    }

    @Test
    void aLedgerThatCannotBeUsedNowSpoolsTheEntryInsteadOfLosingIt() throws Exception {
        Path file = dir.resolve("ledger.db");
        LedgerStores.open(new LedgerLocation.Sqlite(file)).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER ledger_meta_no_update");
            s.execute("UPDATE ledger_meta SET value = '99'"); // a newer carbon-mlops wrote this ledger
        }
        SignedEntry entry = KEY_A.sign(measurement(run("r1", "vision"), 0.25, 1));

        try (CarbonLedger ledger = CarbonLedger.open(config(file), KEY_A)) {
            CarbonLedger.Delivery delivery = ledger.record(entry);

            assertThat(delivery.isAppended()).isFalse();
            assertThat(delivery.error().orElseThrow()).contains("schema version 99");
            assertThat(ledger.spool().entries(new ArrayList<>())).extracting(LedgerSpool.Spooled::entry)
                    .containsExactly(entry);
        }
    }

    @Test
    void spooledEntriesWaitForTheirOwnLedgerOnly() {
        Path first = dir.resolve("first.db");
        Path second = dir.resolve("second.db");
        SignedEntry entry = KEY_A.sign(measurement(run("r1", "vision"), 0.25, 1));
        try (CarbonLedger ledger = CarbonLedger.open(config(first), KEY_A)) {
            ledger.spool().put(entry, "down");
        }

        try (CarbonLedger other = CarbonLedger.open(config(second), KEY_A)) {
            assertThat(other.flushSpool().appended()).isZero();
        }
        try (CarbonLedger ledger = CarbonLedger.open(config(first), KEY_A)) {
            assertThat(ledger.flushSpool().appended()).isEqualTo(1);
            assertThat(ledger.head().orElseThrow().signed()).isEqualTo(entry);
        }
        try (LedgerStore store = LedgerStores.open(new LedgerLocation.Sqlite(second))) {
            assertThat(store.count()).isZero();
        }
    }

    @Test
    void anUnreadableSpoolFileIsReportedAndLeftInPlace() throws Exception {
        try (CarbonLedger ledger = CarbonLedger.open(config(dir.resolve("ledger.db")), KEY_A)) {
            ledger.spool().put(KEY_A.sign(measurement(run("r1", "vision"), 0.25, 1)), "down");
            Path broken = ledger.spool().directory().resolve("broken.json");
            Files.writeString(broken, "{not json");

            CarbonLedger.FlushResult result = ledger.flushSpool();

            assertThat(result.appended()).isEqualTo(1);
            assertThat(result.problems()).singleElement().asString().contains("broken.json");
            assertThat(broken).exists();
        }
    }

    @Test
    void spooledEntriesThatCanNeverBeAppendedAreRejectedWithoutBlockingTheOthers() {
        SignedEntry good = KEY_A.sign(measurement(run("r1", "vision"), 0.25, 1));
        SignedEntry valid = KEY_A.sign(measurement(run("r2", "vision"), 0.25, 2));
        List<SignedEntry> poison = List.of(
                new SignedEntry(valid.entryId(), valid.payload(), valid.keyId(), "not a key", valid.signature()),
                new SignedEntry(java.util.UUID.randomUUID(), "{\"entry_id\":{}}", null, null, null),
                new SignedEntry(java.util.UUID.randomUUID(), "{\"a\":1e400}", null, null, null));
        try (CarbonLedger ledger = CarbonLedger.open(config(dir.resolve("ledger.db")), KEY_A)) {
            poison.forEach(entry -> ledger.spool().put(entry, "down"));

            CarbonLedger.Delivery delivery = ledger.record(good);

            assertThat(delivery.isAppended()).isTrue();
            assertThat(ledger.spool().size()).isZero();
            assertThat(ledger.spool().directory().resolve(LedgerSpool.REJECTED_DIR)).isDirectoryContaining(
                    "glob:**/" + valid.entryId() + ".json");
            try (java.util.stream.Stream<Path> rejected = Files.list(ledger.spool().directory()
                    .resolve(LedgerSpool.REJECTED_DIR))) {
                assertThat(rejected.count()).isEqualTo(3);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertThat(ledger.head().orElseThrow().signed()).isEqualTo(good);
        }
    }

    @Test
    void aSpooledEntryEditedAfterSigningIsRejectedInsteadOfBreakingTheLedger() {
        SignedEntry signed = KEY_A.sign(measurement(run("r1", "vision"), 0.25, 1));
        SignedEntry edited = new SignedEntry(signed.entryId(), signed.payload().replace("\"co2e_kg\":0.25",
                "\"co2e_kg\":0.025"), signed.keyId(), signed.publicKey(), signed.signature());
        try (CarbonLedger ledger = CarbonLedger.open(config(dir.resolve("ledger.db")), KEY_A)) {
            ledger.spool().put(edited, "down");

            CarbonLedger.FlushResult result = ledger.flushSpool();

            assertThat(result.rejected()).isEqualTo(1);
            assertThat(result.problems()).singleElement().asString().contains("signature");
            assertThat(ledger.head()).isEmpty();
            ledger.record(KEY_A.sign(measurement(run("r2", "vision"), 0.25, 2)));
            assertThat(ledger.verify(io.carbonmlops.ledger.verify.VerifyOptions.all()).intact()).isTrue();
        }
    }

    @Test
    void aSpoolFileWhoseNameIsNotItsEntryIdIsStillRemovedOnceAppended() throws Exception {
        SignedEntry entry = KEY_A.sign(measurement(run("r1", "vision"), 0.25, 1));
        try (CarbonLedger ledger = CarbonLedger.open(config(dir.resolve("ledger.db")), KEY_A)) {
            Path spooled = ledger.spool().put(entry, "down");
            Files.move(spooled, spooled.resolveSibling("copied from another machine.json"));

            CarbonLedger.FlushResult first = ledger.flushSpool();
            CarbonLedger.FlushResult second = ledger.flushSpool();

            assertThat(first.appended()).isEqualTo(1);
            assertThat(first.remaining()).as("not retried on every flush forever").isZero();
            assertThat(second).isEqualTo(new CarbonLedger.FlushResult(0, 0, 0, 0, List.of()));
        }
    }

    @Test
    void signWithoutAKeyMakesAnUnsignedEntry() {
        try (CarbonLedger ledger = CarbonLedger.open(config(dir.resolve("ledger.db")))) {
            LedgerEntry entry = measurement(run("r1", "vision"), 0.25, 1);

            SignedEntry signed = ledger.sign(entry);

            assertThat(signed.isSigned()).isFalse();
            assertThat(signed.payload()).isEqualTo(entry.payload());
            assertThat(List.of(ledger.record(signed).isAppended())).containsExactly(true);
        }
    }
}
