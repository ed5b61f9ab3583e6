package io.carbonmlops.ledger.store;

import static io.carbonmlops.ledger.testing.LedgerFixtures.KEY_A;
import static io.carbonmlops.ledger.testing.LedgerFixtures.KEY_B;
import static io.carbonmlops.ledger.testing.LedgerFixtures.T0;
import static io.carbonmlops.ledger.testing.LedgerFixtures.measurement;
import static io.carbonmlops.ledger.testing.LedgerFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonmlops.ledger.Attribution;
import io.carbonmlops.ledger.CarbonLedger;
import io.carbonmlops.ledger.ChainHash;
import io.carbonmlops.ledger.EntryConflictException;
import io.carbonmlops.ledger.EntryKind;
import io.carbonmlops.ledger.LedgerConfig;
import io.carbonmlops.ledger.LedgerEntry;
import io.carbonmlops.ledger.LedgerUnavailableException;
import io.carbonmlops.ledger.MeasurementEntries;
import io.carbonmlops.ledger.SignedEntry;
import io.carbonmlops.ledger.StoredEntry;
import io.carbonmlops.ledger.keys.KeyFiles;
import io.carbonmlops.ledger.keys.Signatures;
import io.carbonmlops.ledger.keys.TrustList;
import io.carbonmlops.ledger.keys.TrustedKey;
import io.carbonmlops.ledger.testing.AppendWorker;
import io.carbonmlops.ledger.testing.LedgerFixtures;
import io.carbonmlops.ledger.verify.Anchor;
import io.carbonmlops.ledger.verify.BreakReason;
import io.carbonmlops.ledger.verify.ChainBreak;
import io.carbonmlops.ledger.verify.Checkpoint;
import io.carbonmlops.ledger.verify.EntryVerdict;
import io.carbonmlops.ledger.verify.LedgerVerifier;
import io.carbonmlops.ledger.verify.VerificationReport;
import io.carbonmlops.ledger.verify.VerifyOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link LedgerStore} must have, run against SQLite ({@link SqliteLedgerStoreTest}) and
 * PostgreSQL ({@link PostgresLedgerStoreTest}) alike: chaining, exactly-once appends, queries, the append-only
 * triggers, verification naming the first tampered entry, spooling while unreachable, and concurrent writers.
 */
@Timeout(600)
abstract class LedgerStoreContract {
    static final TrustList TRUST_A = TrustList.of(List.of(TrustedKey.of("jenkins-prod", KEY_A.publicKey())));

    @TempDir
    Path temp;

    /** A new, empty ledger. */
    abstract LedgerLocation newLedger();

    /** Runs SQL as the owner of the storage would: the append-only triggers do not stop it. */
    abstract void tamper(LedgerLocation ledger, String sql) throws SQLException;

    /** Runs SQL through an ordinary connection, triggers in force. */
    abstract void executeAsWriter(LedgerLocation ledger, String sql) throws SQLException;

    /** Makes appends to the ledger fail as "unavailable" until {@link #makeReachable}. */
    abstract void makeUnreachable(LedgerLocation ledger) throws Exception;

    abstract void makeReachable(LedgerLocation ledger) throws Exception;

    /** The query plan of SQL with parameters, as text. */
    abstract String queryPlan(LedgerLocation ledger, String sql, List<Object> parameters) throws SQLException;

    LedgerStore open(LedgerLocation ledger) {
        return LedgerStores.open(ledger, Duration.ofSeconds(30));
    }

    /** A ledger holding five entries signed by A: runs r1..r5, co2e 0.25 kg each, one minute apart. */
    LedgerLocation fiveEntries() {
        LedgerLocation ledger = newLedger();
        try (LedgerStore store = open(ledger)) {
            for (int i = 1; i <= 5; i++) {
                store.append(KEY_A.sign(measurement(run("r" + i, "vision"), 0.25, i)));
            }
        }
        return ledger;
    }

    VerificationReport verify(LedgerLocation ledger, VerifyOptions options) {
        try (LedgerStore store = open(ledger)) {
            return LedgerVerifier.verify(store, options);
        }
    }

    ChainBreak firstBreak(LedgerLocation ledger, VerifyOptions options) {
        VerificationReport report = verify(ledger, options);
        assertThat(report.firstBreak()).as("verification must find the tampering").isPresent();
        return report.firstBreak().get();
    }

    String entryIdAt(LedgerLocation ledger, long seq) {
        try (LedgerStore store = open(ledger)) {
            return store.bySeq(seq).orElseThrow().signed().entryId().toString();
        }
    }

    static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** What an attacker with write access and no key can do: recompute every hash from {@code seq} on. */
    /** Entries 2 and 4 trade places (their rows keep their hashes until {@link #rechainFrom}). */
    void swapSeq2And4(LedgerLocation ledger) throws SQLException {
        tamper(ledger, "UPDATE ledger_entries SET seq = -2 WHERE seq = 2");
        tamper(ledger, "UPDATE ledger_entries SET seq = 2 WHERE seq = 4");
        tamper(ledger, "UPDATE ledger_entries SET seq = 4 WHERE seq = -2");
    }

    void rechainFrom(LedgerLocation ledger, long seq) throws SQLException {
        List<StoredEntry> rows;
        String prev;
        try (LedgerStore store = open(ledger)) {
            rows = store.page(seq - 1, Long.MAX_VALUE, 100_000);
            prev = seq == 1 ? ChainHash.GENESIS : store.bySeq(seq - 1).orElseThrow().entryHash();
        }
        long next = seq;
        for (StoredEntry row : rows) {
            String hash = ChainHash.of(next, prev, row.signed());
            tamper(ledger, "UPDATE ledger_entries SET seq = " + next + ", prev_hash = " + quote(prev) + ", entry_hash = "
                    + quote(hash) + " WHERE entry_id = " + quote(row.signed().entryId().toString()));
            prev = hash;
            next++;
        }
    }

    // ---- appends and reads ----

    @Test
    @DisplayName("entries are chained from the genesis hash, each seq one more than the last")
    void appendsChainFromGenesis() {
        LedgerLocation ledger = newLedger();
        try (LedgerStore store = open(ledger)) {
            SignedEntry first = KEY_A.sign(measurement(run("r1", "vision"), 0.25, 1));
            SignedEntry second = SignedEntry.unsigned(measurement(run("r2", "vision"), 0.5, 2));

            AppendResult a = store.append(first);
            AppendResult b = store.append(second);

            assertThat(a).isEqualTo(new AppendResult(1, ChainHash.of(1, ChainHash.GENESIS, first), false));
            assertThat(b).isEqualTo(new AppendResult(2, ChainHash.of(2, a.entryHash(), second), false));
            assertThat(store.count()).isEqualTo(2);
            StoredEntry head = store.head().orElseThrow();
            assertThat(head.seq()).isEqualTo(2);
            assertThat(head.prevHash()).isEqualTo(a.entryHash());
            assertThat(head.signed()).isEqualTo(second);
            assertThat(store.bySeq(1).orElseThrow().signed()).isEqualTo(first);
            assertThat(store.byEntryId(first.entryId()).orElseThrow().seq()).isEqualTo(1);
            assertThat(store.publicKey(KEY_A.keyId())).contains(first.publicKey());
        }
    }

    @Test
    @DisplayName("an empty ledger has no head and no entries, and verifies")
    void emptyLedger() {
        LedgerLocation ledger = newLedger();
        try (LedgerStore store = open(ledger)) {
            assertThat(store.head()).isEmpty();
            assertThat(store.count()).isZero();
            assertThat(LedgerVerifier.verify(store, VerifyOptions.all()).intact()).isTrue();
        }
    }

    @Test
    @DisplayName("appending an entry the ledger holds adds nothing and returns its place (exactly once)")
    void appendIsIdempotentPerEntryId() {
        LedgerLocation ledger = newLedger();
        try (LedgerStore store = open(ledger)) {
            SignedEntry entry = KEY_A.sign(measurement(run("r1", "vision"), 0.25, 1));
            AppendResult first = store.append(entry);
            store.append(KEY_A.sign(measurement(run("r2", "vision"), 0.25, 2)));

            AppendResult again = store.append(entry);

            assertThat(again).isEqualTo(new AppendResult(first.seq(), first.entryHash(), true));
            assertThat(store.count()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("an entry id already used by another record is refused")
    void sameIdOtherContentIsRefused() {
        LedgerLocation ledger = newLedger();
        try (LedgerStore store = open(ledger)) {
            LedgerEntry entry = measurement(run("r1", "vision"), 0.25, 1);
            store.append(KEY_A.sign(entry));
            LedgerEntry sameId = new LedgerEntry(entry.entryId(), entry.kind(), entry.occurredAt(), entry.recordedAt(),
                    entry.attribution(), measurement(run("r1", "vision"), 0.01, 1).body());

            assertThatThrownBy(() -> store.append(KEY_A.sign(sameId))).isInstanceOf(EntryConflictException.class)
                    .hasMessageContaining(entry.entryId().toString()).hasMessageContaining("seq 1");
            assertThatThrownBy(() -> store.append(KEY_B.sign(entry))).isInstanceOf(EntryConflictException.class);
            assertThat(store.count()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("appendAll is one transaction: a refused entry leaves none of the batch behind")
    void appendAllIsAllOrNothing() {
        LedgerLocation ledger = newLedger();
        try (LedgerStore store = open(ledger)) {
            LedgerEntry taken = measurement(run("r1", "vision"), 0.25, 1);
            store.append(KEY_A.sign(taken));
            SignedEntry fresh = KEY_A.sign(measurement(run("r2", "vision"), 0.25, 2));
            SignedEntry conflicting = KEY_B.sign(taken);

            assertThatThrownBy(() -> store.appendAll(List.of(fresh, conflicting)))
                    .isInstanceOf(EntryConflictException.class);
            assertThat(store.count()).isEqualTo(1);

            List<AppendResult> results = store.appendAll(List.of(fresh, KEY_A.sign(taken)));
            assertThat(results).extracting(AppendResult::seq).containsExactly(2L, 1L);
            assertThat(results).extracting(AppendResult::alreadyPresent).containsExactly(false, true);
        }
    }

    @Test
    @DisplayName("a signed entry whose key id is not its key's hash is refused")
    void keyIdMustBeTheKeysHash() {
        LedgerLocation ledger = newLedger();
        SignedEntry signed = KEY_A.sign(measurement(run("r1", "vision"), 0.25, 1));
        SignedEntry lying = new SignedEntry(signed.entryId(), signed.payload(), KEY_B.keyId(), signed.publicKey(),
                signed.signature());
        try (LedgerStore store = open(ledger)) {
            assertThatThrownBy(() -> store.append(lying)).hasMessageContaining("is not the SHA-256 of the public key");
            assertThat(store.count()).isZero();
        }
    }

    @Test
    @DisplayName("queries by run ids, parent, pipeline, team, project, model, kind and time return matches in seq order")
    void queries() {
        LedgerLocation ledger = newLedger();
        try (LedgerStore store = open(ledger)) {
            Attribution base = Attribution.none().withMlflowRun("7", "a").withTeam("vision").withProject("p1");
            store.append(KEY_A.sign(measurement(base, 0.25, 0)));
            store.append(KEY_A.sign(measurement(base.withMlflowRun("7", "b").withParentRunId("a").withPipelineId("pipe-1")
                    .withModelName("segmenter"), 0.5, 10)));
            store.append(KEY_A.sign(measurement(base.withMlflowRun("7", "c").withTeam("nlp").withProject("p2")
                    .withPipelineId("pipe-1"), 1.0, 20)));
            store.append(SignedEntry.unsigned(measurement(base, 2.0, 30)));

            assertThat(seqs(store.find(EntryQuery.forRun("a")))).containsExactly(1L, 4L);
            assertThat(seqs(store.find(EntryQuery.all().runIds(Set.of("c", "b", "zz"))))).containsExactly(2L, 3L);
            assertThat(seqs(store.find(EntryQuery.all().parentRunId("a")))).containsExactly(2L);
            assertThat(seqs(store.find(EntryQuery.all().pipelineId("pipe-1")))).containsExactly(2L, 3L);
            assertThat(seqs(store.find(EntryQuery.all().team("vision")))).containsExactly(1L, 2L, 4L);
            assertThat(seqs(store.find(EntryQuery.all().project("p2")))).containsExactly(3L);
            assertThat(seqs(store.find(EntryQuery.all().modelName("segmenter")))).containsExactly(2L);
            assertThat(seqs(store.find(EntryQuery.all().kind(EntryKind.MEASUREMENT)))).containsExactly(1L, 2L, 3L, 4L);
            assertThat(seqs(store.find(EntryQuery.all().kind(EntryKind.GATE_DECISION)))).isEmpty();
            assertThat(seqs(store.find(EntryQuery.all().between(T0.plusSeconds(600), T0.plusSeconds(1800)))))
                    .as("occurred_at in [10 min, 30 min)").containsExactly(2L, 3L);
            assertThat(seqs(store.find(EntryQuery.all().team("vision").between(T0, T0.plusSeconds(1200)))))
                    .containsExactly(1L, 2L);
            assertThat(seqs(store.find(EntryQuery.all().limit(2)))).containsExactly(1L, 2L);
            assertThat(seqs(store.page(1, 3, 10))).containsExactly(2L, 3L);
        }
    }

    @Test
    @DisplayName("totals per signer are summed in SQL; unsigned entries come under a null key id")
    void totalsBySigner() {
        LedgerLocation ledger = newLedger();
        try (LedgerStore store = open(ledger)) {
            store.append(KEY_A.sign(measurement(run("a", "vision"), 0.25, 0)));
            store.append(KEY_A.sign(measurement(run("b", "vision"), 0.5, 1)));
            store.append(KEY_B.sign(measurement(run("c", "vision"), 1.0, 2)));
            store.append(SignedEntry.unsigned(measurement(run("d", "vision"), 2.0, 3)));
            store.append(KEY_A.sign(measurement(run("e", "nlp"), 4.0, 4)));

            List<SignerTotals> totals = store.totalsBySigner(EntryQuery.all().team("vision"));

            assertThat(totals).containsExactlyInAnyOrder(
                    new SignerTotals(KEY_A.keyId(), 2, 0.75, 0.375, 1.2),
                    new SignerTotals(KEY_B.keyId(), 1, 1.0, 0.5, 0.6),
                    new SignerTotals(null, 1, 2.0, 1.0, 0.6));
        }
    }

    @Test
    @DisplayName("group totals per group, UTC month and signer, device estimates, intensity sources and shift savings "
            + "are summed in SQL")
    void groupTotals() {
        LedgerLocation ledger = newLedger();
        java.time.Instant nov = LedgerFixtures.T0;                      // 2026-11-30T03:00Z
        java.time.Instant dec = nov.plus(Duration.ofDays(1));           // 2026-12-01T03:00Z
        com.google.gson.JsonObject estimated = LedgerFixtures.document(dec, 1.0);
        estimated.remove("co2e_market_based_kg");                       // no contractual factor
        estimated.getAsJsonArray("devices").get(0).getAsJsonObject().addProperty("estimate", true);
        estimated.getAsJsonObject("intensity").addProperty("zone", "FR");
        com.google.gson.JsonObject shifted = LedgerFixtures.document(nov, 0.25);
        shifted.add("shift", com.google.gson.JsonParser.parseString("{\"zone\":\"DE\",\"outcome\":{"
                + "\"realised_co2e_kg\":0.25,\"run_now_co2e_kg\":0.375,\"saved_kg\":0.125}}"));
        try (LedgerStore store = open(ledger)) {
            store.append(KEY_A.sign(MeasurementEntries.fromDocument(shifted,
                    run("a", "vision").withModelName("seg").withModelVersion("2"), nov)));
            store.append(KEY_A.sign(MeasurementEntries.fromDocument(LedgerFixtures.document(nov, 0.5),
                    run("b", "vision").withModelName("seg"), nov)));
            store.append(SignedEntry.unsigned(MeasurementEntries.fromDocument(estimated, run("c", "vision"), dec)));
            store.append(KEY_A.sign(MeasurementEntries.fromDocument(LedgerFixtures.document(dec, 4.0),
                    Attribution.none().withJenkins("train/main", "7", "gpu-agent-3"), dec)));

            assertThat(store.groupTotals(EntryQuery.all(), GroupBy.TEAM)).containsExactlyInAnyOrder(
                    new GroupTotals("vision", "2026-11", KEY_A.keyId(), 2, 0.75, 2, 2, 0.375, 0.75, 1.2, 1, 2),
                    new GroupTotals("vision", "2026-12", null, 1, 1.0, 1, 0, 0, 0, 0.6, 3, 3),
                    new GroupTotals(null, "2026-12", KEY_A.keyId(), 1, 4.0, 1, 1, 2.0, 4.0, 0.6, 4, 4));
            assertThat(store.groupTotals(EntryQuery.all().team("vision"), GroupBy.VERSION))
                    .extracting(GroupTotals::group).containsExactlyInAnyOrder("seg@2", "seg@", null);
            assertThat(store.groupTotals(EntryQuery.all(), GroupBy.AGENT)).extracting(GroupTotals::group)
                    .containsOnly(null, "gpu-agent-3");
            assertThat(store.groupDevices(EntryQuery.all().team("vision"), GroupBy.TEAM)).containsExactlyInAnyOrder(
                    new GroupDetail("vision", "2026-11", 0, 3_600_000),
                    new GroupDetail("vision", "2026-12", 1_800_000, 1_800_000));
            assertThat(store.groupIntensities(EntryQuery.all().team("vision"), GroupBy.ZONE)).containsExactlyInAnyOrder(
                    new IntensityUse("DE", "2026-11", "DE", "table: Electricity Maps 2025 yearly, DE", "yearly-average",
                            "2025", 2, 1.0, 1, 0.125, 0.375),
                    new IntensityUse("FR", "2026-12", "FR", "table: Electricity Maps 2025 yearly, DE", "yearly-average",
                            "2025", 1, 0.5, 0, 0, 0));
            List<EntryRef> refs = new ArrayList<>();
            store.forEachEntryRef(EntryQuery.all().between(dec.minusSeconds(60), dec.plusSeconds(60)), GroupBy.TEAM,
                    refs::add);
            assertThat(refs).extracting(EntryRef::seq).containsExactly(3L, 4L);
            assertThat(refs.get(0).group()).isEqualTo("vision");
            assertThat(refs.get(0).month()).isEqualTo("2026-12");
            assertThat(refs.get(0).co2eMarketKg()).isNull();
            assertThat(refs.get(1).co2eMarketKg()).isEqualTo(2.0);
        }
    }

    @Test
    @DisplayName("UPDATE and DELETE through an ordinary connection are refused: the ledger is append-only")
    void updateAndDeleteAreRefused() {
        LedgerLocation ledger = fiveEntries();

        for (String sql : List.of("UPDATE ledger_entries SET team = 'x' WHERE seq = 2",
                "DELETE FROM ledger_entries WHERE seq = 5", "DELETE FROM ledger_keys",
                "UPDATE ledger_meta SET value = '2'")) {
            assertThatThrownBy(() -> executeAsWriter(ledger, sql)).as(sql).isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
        }
        assertThat(verify(ledger, VerifyOptions.all()).entriesChecked()).isEqualTo(5);
    }

    @Test
    @DisplayName("queries by run, team and time are served by indexes")
    void queriesUseIndexes() throws SQLException {
        LedgerLocation ledger = fiveEntries();
        try (LedgerStore store = open(ledger)) {
            // Enough distinct values that a planner prefers an index to scanning everything in seq order.
            List<SignedEntry> many = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                many.add(SignedEntry.unsigned(measurement(run("bulk-" + i, "team-" + i).withPipelineId("pipe-" + i)
                        .withModelName("model-" + i), 0.25, i)));
            }
            store.appendAll(many);
        }
        assertThat(queryPlan(ledger, EntryQuery.all().runIds(Set.of("r1", "r2")))).contains("ledger_entries_run");
        assertThat(queryPlan(ledger, EntryQuery.all().team("vision").between(T0, T0.plus(Duration.ofDays(31)))))
                .contains("ledger_entries_team_time");
        assertThat(queryPlan(ledger, EntryQuery.all().pipelineId("p"))).contains("ledger_entries_pipeline");
        assertThat(queryPlan(ledger, EntryQuery.all().modelName("m"))).contains("ledger_entries_model_time");
    }

    private String queryPlan(LedgerLocation ledger, EntryQuery query) throws SQLException {
        QuerySql sql = JdbcLedgerStore.findSql(query);
        return queryPlan(ledger, sql.sql(), sql.parameters());
    }

    // ---- verification ----

    @Test
    @DisplayName("an intact ledger verifies: every entry checked, counted per signer, a checkpoint at the head")
    void intactLedgerVerifies() {
        LedgerLocation ledger = fiveEntries();
        try (LedgerStore store = open(ledger)) {
            store.append(SignedEntry.unsigned(measurement(run("r6", "vision"), 0.25, 6)));
        }

        VerificationReport report = verify(ledger, VerifyOptions.all().trusting(TRUST_A));

        assertThat(report.intact()).isTrue();
        assertThat(report.entriesChecked()).isEqualTo(6);
        assertThat(report.entriesByKey()).isEqualTo(Map.of(KEY_A.keyId(), 5L));
        assertThat(report.signerNames()).isEqualTo(Map.of(KEY_A.keyId(), "jenkins-prod"));
        assertThat(report.unsigned()).isEqualTo(1);
        assertThat(report.lastSeq()).isEqualTo(6);
        try (LedgerStore store = open(ledger)) {
            assertThat(report.lastHash()).isEqualTo(store.head().orElseThrow().entryHash());
        }
        assertThat(report.checkpoint().orElseThrow().anchor()).isEqualTo(new Anchor(6, report.lastHash()));
    }

    @Test
    @DisplayName("an edited payload is named: its contents no longer match its stored hash")
    void editedRowIsNamed() throws SQLException {
        LedgerLocation ledger = fiveEntries();
        tamper(ledger, "UPDATE ledger_entries SET payload = replace(payload, '\"co2e_kg\":0.25', '\"co2e_kg\":0.025'), "
                + "co2e_kg = 0.025 WHERE seq = 3");

        ChainBreak broken = firstBreak(ledger, VerifyOptions.all());

        assertThat(broken.seq()).isEqualTo(3);
        assertThat(broken.entryId()).isEqualTo(entryIdAt(ledger, 3));
        assertThat(broken.reason()).isEqualTo(BreakReason.CONTENT_MISMATCH);
    }

    @Test
    @DisplayName("an edited payload with every hash recomputed is named by its signature")
    void editedAndRechainedRowIsNamedBySignature() throws SQLException {
        LedgerLocation ledger = fiveEntries();
        tamper(ledger, "UPDATE ledger_entries SET payload = replace(payload, '\"co2e_kg\":0.25', '\"co2e_kg\":0.025'), "
                + "co2e_kg = 0.025 WHERE seq = 3");
        rechainFrom(ledger, 3);

        ChainBreak broken = firstBreak(ledger, VerifyOptions.all());

        assertThat(broken.seq()).isEqualTo(3);
        assertThat(broken.reason()).isEqualTo(BreakReason.BAD_SIGNATURE);
    }

    @Test
    @DisplayName("a deleted row is named by the entry after it, with the missing seq")
    void deletedRowIsNamed() throws SQLException {
        LedgerLocation ledger = fiveEntries();
        String fourth = entryIdAt(ledger, 4);
        tamper(ledger, "DELETE FROM ledger_entries WHERE seq = 3");

        ChainBreak broken = firstBreak(ledger, VerifyOptions.all());

        assertThat(broken.seq()).isEqualTo(4);
        assertThat(broken.entryId()).isEqualTo(fourth);
        assertThat(broken.reason()).isEqualTo(BreakReason.MISSING_ENTRIES);
        assertThat(broken.detail()).contains("entry 3 before it are missing");
    }

    @Test
    @DisplayName("a deleted first row is named too")
    void deletedFirstRowIsNamed() throws SQLException {
        LedgerLocation ledger = fiveEntries();
        tamper(ledger, "DELETE FROM ledger_entries WHERE seq = 1");

        ChainBreak broken = firstBreak(ledger, VerifyOptions.all());

        assertThat(broken.seq()).isEqualTo(2);
        assertThat(broken.reason()).isEqualTo(BreakReason.MISSING_ENTRIES);
    }

    @Test
    @DisplayName("re-ordered rows (two seq numbers swapped) are named at the first moved entry")
    void reorderedRowsAreNamed() throws SQLException {
        LedgerLocation ledger = fiveEntries();
        String fourth = entryIdAt(ledger, 4);
        swapSeq2And4(ledger);

        ChainBreak broken = firstBreak(ledger, VerifyOptions.all());

        assertThat(broken.seq()).isEqualTo(2);
        assertThat(broken.entryId()).as("entry 4 now sits at seq 2").isEqualTo(fourth);
        assertThat(broken.reason()).isEqualTo(BreakReason.CONTENT_MISMATCH);
    }

    @Test
    @DisplayName("re-ordered rows with every hash recomputed are named by the link into the first moved entry")
    void reorderedAndRechainedRowsAreStillCaughtByAnchors() throws SQLException {
        LedgerLocation ledger = fiveEntries();
        Anchor anchor;
        try (LedgerStore store = open(ledger)) {
            StoredEntry head = store.head().orElseThrow();
            anchor = new Anchor(head.seq(), head.entryHash());
        }
        swapSeq2And4(ledger);
        rechainFrom(ledger, 2);

        assertThat(verify(ledger, VerifyOptions.all()).intact())
                .as("without a key, anyone may re-chain signed entries in another order: only an anchor catches it")
                .isTrue();
        ChainBreak broken = firstBreak(ledger, VerifyOptions.all().withAnchor(anchor));
        assertThat(broken.seq()).isEqualTo(5);
        assertThat(broken.reason()).isEqualTo(BreakReason.ANCHOR_MISMATCH);
    }

    @Test
    @DisplayName("a forged signature is named")
    void forgedSignatureIsNamed() throws SQLException {
        LedgerLocation ledger = fiveEntries();
        String forged;
        try (LedgerStore store = open(ledger)) {
            // Signed by another key but presented under A's key id.
            forged = Signatures.sign(freshPrivateKey(), store.bySeq(3).orElseThrow().signed().payload());
        }
        tamper(ledger, "UPDATE ledger_entries SET signature = " + quote(forged) + " WHERE seq = 3");
        rechainFrom(ledger, 3);

        ChainBreak broken = firstBreak(ledger, VerifyOptions.all());

        assertThat(broken.seq()).isEqualTo(3);
        assertThat(broken.reason()).isEqualTo(BreakReason.BAD_SIGNATURE);
    }

    @Test
    @DisplayName("a signature column rewritten in another base64 spelling of the same bytes is named")
    void anotherSpellingOfTheSignatureIsNamed() throws SQLException {
        LedgerLocation ledger = fiveEntries();
        String signature;
        try (LedgerStore store = open(ledger)) {
            signature = store.bySeq(3).orElseThrow().signed().signature();
        }
        // The same 64 bytes: without the padding, which a lenient decoder accepts and the hash never sees.
        tamper(ledger, "UPDATE ledger_entries SET signature = " + quote(signature.replace("=", "")) + " WHERE seq = 3");

        ChainBreak broken = firstBreak(ledger, VerifyOptions.all());

        assertThat(broken.seq()).isEqualTo(3);
        assertThat(broken.reason()).isEqualTo(BreakReason.MALFORMED);
        assertThat(broken.detail()).contains("signature");
    }

    private static java.security.PrivateKey freshPrivateKey() {
        try {
            return java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @DisplayName("an entry re-signed by an outsider's key verifies only against the ledger's keys, not a trust list")
    void unknownKeyIsNamed() throws SQLException {
        LedgerLocation ledger = fiveEntries();
        try (LedgerStore store = open(ledger)) {
            store.append(KEY_B.sign(measurement(run("r6", "vision"), 0.0, 6)));
        }

        VerificationReport withoutTrust = verify(ledger, VerifyOptions.all());
        ChainBreak broken = firstBreak(ledger, VerifyOptions.all().trusting(TRUST_A));

        assertThat(withoutTrust.intact()).isTrue();
        assertThat(withoutTrust.entriesByKey()).containsEntry(KEY_B.keyId(), 1L);
        assertThat(broken.seq()).isEqualTo(6);
        assertThat(broken.reason()).isEqualTo(BreakReason.UNKNOWN_KEY);
        assertThat(broken.detail()).contains(KEY_B.keyId());
    }

    @Test
    @DisplayName("an indexed column changed to move a figure to another team is named")
    void editedColumnIsNamed() throws SQLException {
        LedgerLocation ledger = fiveEntries();
        tamper(ledger, "UPDATE ledger_entries SET team = 'nlp' WHERE seq = 2");

        ChainBreak broken = firstBreak(ledger, VerifyOptions.all());

        assertThat(broken.seq()).isEqualTo(2);
        assertThat(broken.reason()).isEqualTo(BreakReason.INDEX_MISMATCH);
        assertThat(broken.detail()).isEqualTo("column team holds 'nlp' but the signed payload says 'vision'");
    }

    @Test
    @DisplayName("a signed entry replayed by a writer (INSERT only) under another spelling of its entry id is named")
    void replayUnderAnotherSpellingOfItsIdIsNamed() throws SQLException {
        LedgerLocation ledger = fiveEntries();
        StoredEntry original;
        StoredEntry head;
        try (LedgerStore store = open(ledger)) {
            original = store.bySeq(2).orElseThrow();
            head = store.head().orElseThrow();
        }
        // The UNIQUE entry_id column compares text, so the upper-case spelling of a taken id slips past it.
        executeAsWriter(ledger, replay(original, 6, head.entryHash(),
                original.signed().entryId().toString().toUpperCase(java.util.Locale.ROOT)));

        ChainBreak broken = firstBreak(ledger, VerifyOptions.all().trusting(TRUST_A));

        assertThat(broken.seq()).isEqualTo(6);
        assertThat(broken.reason()).isEqualTo(BreakReason.MALFORMED);
        assertThat(broken.detail()).contains("entry_id").contains("canonical");
    }

    @Test
    @DisplayName("an unreadable row does not hide an earlier broken entry: the first break in seq order is named")
    void anUnreadableRowDoesNotHideAnEarlierBreak() throws SQLException {
        LedgerLocation ledger = fiveEntries();
        String fourth = entryIdAt(ledger, 4);
        tamper(ledger, "UPDATE ledger_entries SET payload = replace(payload, '\"co2e_kg\":0.25', '\"co2e_kg\":0.025'), "
                + "co2e_kg = 0.025 WHERE seq = 2");
        tamper(ledger, "UPDATE ledger_entries SET entry_id = " + quote(fourth.toUpperCase(java.util.Locale.ROOT))
                + " WHERE seq = 4");

        VerificationReport report = verify(ledger, VerifyOptions.all());

        assertThat(report.firstBreak().orElseThrow().seq()).isEqualTo(2);
        assertThat(report.firstBreak().orElseThrow().reason()).isEqualTo(BreakReason.CONTENT_MISMATCH);
        assertThat(report.entriesChecked()).isEqualTo(1);

        tamper(ledger, "UPDATE ledger_entries SET payload = replace(payload, '\"co2e_kg\":0.025', '\"co2e_kg\":0.25'), "
                + "co2e_kg = 0.25 WHERE seq = 2");
        VerificationReport unreadableOnly = verify(ledger, VerifyOptions.all());
        assertThat(unreadableOnly.firstBreak().orElseThrow().seq()).isEqualTo(4);
        assertThat(unreadableOnly.entriesChecked()).as("the three entries before it were checked").isEqualTo(3);
    }

    @Test
    @DisplayName("a row stored below seq 1, where no chain walk starts, is not left unverified")
    void aRowBelowSeqOneIsNamed() throws SQLException {
        LedgerLocation ledger = fiveEntries();
        SignedEntry extra = SignedEntry.unsigned(measurement(run("r1", "vision"), 0.0, 9));
        StoredEntry row = new StoredEntry(0, ChainHash.GENESIS, ChainHash.of(0, ChainHash.GENESIS, extra), extra,
                io.carbonmlops.ledger.IndexedFields.of(extra.entry()));
        executeAsWriter(ledger, replay(row, 0, ChainHash.GENESIS, extra.entryId().toString()));

        ChainBreak broken = firstBreak(ledger, VerifyOptions.all());

        assertThat(broken.seq()).isEqualTo(0);
        assertThat(broken.reason()).isEqualTo(BreakReason.MALFORMED);
        assertThat(broken.detail()).contains("seq 0");
    }

    @Test
    @DisplayName("the same entry twice in what a gate checks: the second is invalid, never counted twice")
    void aRepeatedEntryCountsOnce() {
        LedgerLocation ledger = fiveEntries();
        List<EntryVerdict> verdicts;
        try (LedgerStore store = open(ledger)) {
            StoredEntry first = store.bySeq(2).orElseThrow();
            StoredEntry copy = new StoredEntry(6, store.head().orElseThrow().entryHash(), ChainHash.of(6,
                    store.head().orElseThrow().entryHash(), first.signed()), first.signed(), first.indexed());
            verdicts = LedgerVerifier.check(store, List.of(first, copy), TRUST_A);
        }

        assertThat(verdicts).extracting(EntryVerdict::status).containsExactly(EntryVerdict.Status.TRUSTED,
                EntryVerdict.Status.INVALID);
        assertThat(verdicts.get(1).detail()).contains("seq 2");
    }

    /** INSERT of {@code original}'s row at {@code seq} after {@code prevHash}, its entry_id column spelt {@code id}. */
    static String replay(StoredEntry original, long seq, String prevHash, String id) {
        SignedEntry s = original.signed();
        IndexedFieldsSql f = new IndexedFieldsSql(original);
        return "INSERT INTO ledger_entries (" + Schema.ENTRY_COLUMNS + ") VALUES (" + seq + ", " + quote(id) + ", "
                + quote(prevHash) + ", " + quote(ChainHash.of(seq, prevHash, s)) + ", " + quote(s.payload()) + ", "
                + IndexedFieldsSql.literal(s.keyId()) + ", " + IndexedFieldsSql.literal(s.signature()) + ", " + f.values()
                + ")";
    }

    /** The indexed columns of a stored row as SQL literals, in {@link Schema#ENTRY_COLUMNS} order. */
    record IndexedFieldsSql(StoredEntry row) {
        String values() {
            io.carbonmlops.ledger.IndexedFields f = row.indexed();
            return String.join(", ", quote(f.kind()), String.valueOf(f.occurredAtMillis()),
                    literal(f.mlflowExperimentId()), literal(f.mlflowRunId()), literal(f.mlflowParentRunId()),
                    literal(f.pipelineId()), literal(f.team()), literal(f.project()), literal(f.modelName()),
                    number(f.co2eKg()), number(f.co2eMarketBasedKg()), number(f.facilityEnergyKwh()));
        }

        static String literal(String value) {
            return value == null ? "NULL" : quote(value);
        }

        private static String number(Double value) {
            return value == null ? "NULL" : value.toString();
        }
    }

    @Test
    @DisplayName("a deleted tail is invisible to the chain alone and caught by an anchor or checkpoint")
    void truncationNeedsAnAnchor() throws SQLException {
        LedgerLocation ledger = fiveEntries();
        VerificationReport before = verify(ledger, VerifyOptions.all());
        tamper(ledger, "DELETE FROM ledger_entries WHERE seq = 5");

        assertThat(verify(ledger, VerifyOptions.all()).intact()).as("a hash chain cannot know its own end").isTrue();
        ChainBreak anchored = firstBreak(ledger, VerifyOptions.all().withAnchor(new Anchor(5, before.lastHash())));
        ChainBreak checkpointed = firstBreak(ledger, VerifyOptions.all().withCheckpoint(before.checkpoint().orElseThrow()));
        assertThat(anchored.reason()).isEqualTo(BreakReason.TRUNCATED);
        assertThat(anchored.seq()).isEqualTo(5);
        assertThat(checkpointed.reason()).isEqualTo(BreakReason.TRUNCATED);
    }

    @Test
    @DisplayName("unsigned entries pass unless signatures are required")
    void unsignedEntries() {
        LedgerLocation ledger = fiveEntries();
        try (LedgerStore store = open(ledger)) {
            store.append(SignedEntry.unsigned(measurement(run("r6", "vision"), 0.25, 6)));
        }

        assertThat(verify(ledger, VerifyOptions.all()).intact()).isTrue();
        ChainBreak broken = firstBreak(ledger, VerifyOptions.all().requiringSignatures(true));
        assertThat(broken.seq()).isEqualTo(6);
        assertThat(broken.reason()).isEqualTo(BreakReason.UNSIGNED);
    }

    @Test
    @DisplayName("a checkpoint spares re-checking old signatures but still catches a rewrite before it")
    void checkpointSparesSignaturesButNotRewrites() throws SQLException {
        LedgerLocation ledger = fiveEntries();
        VerificationReport first = verify(ledger, VerifyOptions.all().trusting(TRUST_A));
        try (LedgerStore store = open(ledger)) {
            store.append(KEY_A.sign(measurement(run("r6", "vision"), 0.25, 6)));
        }

        VerificationReport second = verify(ledger, VerifyOptions.all().trusting(TRUST_A)
                .withCheckpoint(first.checkpoint().orElseThrow()));
        assertThat(second.intact()).isTrue();
        assertThat(second.signaturesReused()).isEqualTo(5);
        assertThat(second.entriesChecked()).isEqualTo(6);

        tamper(ledger, "UPDATE ledger_entries SET payload = replace(payload, '\"co2e_kg\":0.25', '\"co2e_kg\":0.025'), "
                + "co2e_kg = 0.025 WHERE seq = 2");
        rechainFrom(ledger, 2);
        VerificationReport third = verify(ledger, VerifyOptions.all().trusting(TRUST_A)
                .withCheckpoint(second.checkpoint().orElseThrow()));
        assertThat(third.firstBreak()).as("the checkpoint's hash no longer matches, so nothing before it is spared "
                + "and the signature names the edited entry").hasValueSatisfying(b -> {
                    assertThat(b.reason()).isEqualTo(BreakReason.BAD_SIGNATURE);
                    assertThat(b.seq()).isEqualTo(2);
                });
        assertThat(third.notes()).anyMatch(note -> note.startsWith("the verification from the checkpoint at seq 6 "
                + "broke at entry seq 6"));
        assertThat(firstBreak(ledger, VerifyOptions.all().trusting(TRUST_A)).seq())
                .as("without the checkpoint, the same").isEqualTo(2);
    }

    @Test
    @DisplayName("re-ordered, re-chained entries under a checkpoint: every signature holds, the checkpoint's hash does not")
    void checkpointCatchesAReorderingThatSignaturesCannot() throws SQLException {
        LedgerLocation ledger = fiveEntries();
        Checkpoint atFive = verify(ledger, VerifyOptions.all()).checkpoint().orElseThrow();
        swapSeq2And4(ledger);
        rechainFrom(ledger, 2);

        ChainBreak broken = firstBreak(ledger, VerifyOptions.all().withCheckpoint(atFive));

        assertThat(broken.reason()).isEqualTo(BreakReason.ANCHOR_MISMATCH);
        assertThat(broken.seq()).isEqualTo(5);
    }

    @Test
    @DisplayName("a range that ends before the checkpoint is linked to it: a rewrite re-chained to the range's end "
            + "is caught")
    void rangeBeforeTheCheckpointIsLinkedToIt() throws SQLException {
        LedgerLocation ledger = fiveEntries();
        Checkpoint atFive = verify(ledger, VerifyOptions.all().trusting(TRUST_A)).checkpoint().orElseThrow();
        VerificationReport untouched = verify(ledger, VerifyOptions.all().trusting(TRUST_A).withCheckpoint(atFive)
                .range(1, 3));
        assertThat(untouched.intact()).isTrue();
        assertThat(untouched.entriesChecked()).as("entries 4 and 5 are walked, not counted").isEqualTo(3);
        assertThat(untouched.lastSeq()).isEqualTo(3);
        assertThat(untouched.signaturesReused()).isEqualTo(3);

        tamper(ledger, "UPDATE ledger_entries SET payload = replace(payload, '\"co2e_kg\":0.25', '\"co2e_kg\":0.025'), "
                + "co2e_kg = 0.025 WHERE seq = 2");
        rechainFrom(ledger, 2); // every stored hash recomputed: only the checkpoint's hash of entry 5 differs
        VerificationReport rewritten = verify(ledger, VerifyOptions.all().trusting(TRUST_A).withCheckpoint(atFive)
                .range(1, 3));

        assertThat(rewritten.firstBreak()).as("the walk to the checkpoint breaks, so the range is checked in full")
                .hasValueSatisfying(b -> {
                    assertThat(b.seq()).isEqualTo(2);
                    assertThat(b.reason()).isEqualTo(BreakReason.BAD_SIGNATURE);
                });
        assertThat(rewritten.signaturesReused()).isZero();
        assertThat(rewritten.notes()).anyMatch(note -> note.startsWith("the verification from the checkpoint at seq 5 "
                + "broke at entry seq 5"));
    }

    @Test
    @DisplayName("entries a checkpoint covers still have their columns checked against the payload")
    void columnsAreCheckedUnderACheckpoint() throws SQLException {
        LedgerLocation ledger = fiveEntries();
        Checkpoint atFive = verify(ledger, VerifyOptions.all()).checkpoint().orElseThrow();
        tamper(ledger, "UPDATE ledger_entries SET team = 'nlp' WHERE seq = 2");

        ChainBreak broken = firstBreak(ledger, VerifyOptions.all().withCheckpoint(atFive));

        assertThat(broken.seq()).isEqualTo(2);
        assertThat(broken.reason()).isEqualTo(BreakReason.INDEX_MISMATCH);
    }

    @Test
    @DisplayName("a checkpoint made under another trust list is ignored and every signature checked")
    void checkpointUnderAnotherTrustListIsIgnored() {
        LedgerLocation ledger = fiveEntries();
        VerificationReport first = verify(ledger, VerifyOptions.all());

        VerificationReport second = verify(ledger, VerifyOptions.all().trusting(TRUST_A)
                .withCheckpoint(first.checkpoint().orElseThrow()));

        assertThat(second.signaturesReused()).isZero();
        assertThat(second.notes()).anyMatch(note -> note.startsWith("checkpoint ignored"));
    }

    @Test
    @DisplayName("a range verifies from the stored hash of the entry before it")
    void rangeVerification() throws SQLException {
        LedgerLocation ledger = fiveEntries();
        tamper(ledger, "UPDATE ledger_entries SET team = 'nlp' WHERE seq = 1");

        VerificationReport range = verify(ledger, VerifyOptions.all().range(2, 4));

        assertThat(range.intact()).isTrue();
        assertThat(range.entriesChecked()).isEqualTo(3);
        assertThat(range.checkpoint()).as("only a verification from seq 1 makes a checkpoint").isEmpty();
    }

    @Test
    @DisplayName("entry verdicts: trusted, untrusted key, unsigned, invalid")
    void entryVerdicts() throws SQLException {
        LedgerLocation ledger = newLedger();
        try (LedgerStore store = open(ledger)) {
            store.append(KEY_A.sign(measurement(run("a", "vision"), 0.25, 0)));
            store.append(KEY_B.sign(measurement(run("a", "vision"), 0.25, 1)));
            store.append(SignedEntry.unsigned(measurement(run("a", "vision"), 0.25, 2)));
            store.append(KEY_A.sign(measurement(run("a", "vision"), 0.25, 3)));
        }
        tamper(ledger, "UPDATE ledger_entries SET co2e_kg = 0 WHERE seq = 4");

        List<EntryVerdict> verdicts;
        try (LedgerStore store = open(ledger)) {
            verdicts = LedgerVerifier.check(store, store.find(EntryQuery.forRun("a")), TRUST_A);
        }

        assertThat(verdicts).extracting(EntryVerdict::status).containsExactly(EntryVerdict.Status.TRUSTED,
                EntryVerdict.Status.UNTRUSTED_KEY, EntryVerdict.Status.UNSIGNED, EntryVerdict.Status.INVALID);
        assertThat(verdicts.get(0).signedBy("jenkins-prod")).isTrue();
        assertThat(verdicts.get(1).signedBy("jenkins-prod")).isFalse();
        assertThat(verdicts.get(3).detail()).contains("column co2e_kg holds '0.0'");
    }

    // ---- nothing lost ----

    @Test
    @DisplayName("while the ledger is unreachable entries spool, signed; later each is appended exactly once")
    void unreachableLedgerSpoolsAndFlushesExactlyOnce() throws Exception {
        LedgerLocation ledger = newLedger();
        LedgerConfig config = LedgerConfig.of(ledger).withSpoolBase(temp.resolve("spool"))
                .withTimeout(Duration.ofMillis(500));
        try (LedgerStore store = open(ledger)) {
            store.append(KEY_A.sign(measurement(run("before", "vision"), 0.25, 0)));
        }
        List<SignedEntry> entries = List.of(KEY_A.sign(measurement(run("r1", "vision"), 0.25, 1)),
                KEY_A.sign(measurement(run("r2", "vision"), 0.5, 2)));
        makeUnreachable(ledger);
        try (CarbonLedger carbon = CarbonLedger.open(config, KEY_A)) {
            for (SignedEntry entry : entries) {
                CarbonLedger.Delivery delivery = carbon.record(entry);
                assertThat(delivery.isAppended()).isFalse();
                assertThat(delivery.spooledTo()).isPresent();
            }
            assertThatThrownBy(() -> carbon.append(entries.get(0))).isInstanceOf(LedgerUnavailableException.class);
            assertThat(carbon.spool().size()).isEqualTo(2);
        } finally {
            makeReachable(ledger);
        }

        try (CarbonLedger carbon = CarbonLedger.open(config, KEY_A)) {
            carbon.append(entries.get(0)); // a flush that appended and then crashed before deleting the file
            CarbonLedger.FlushResult flushed = carbon.flushSpool();
            CarbonLedger.FlushResult again = carbon.flushSpool();

            assertThat(flushed).isEqualTo(new CarbonLedger.FlushResult(1, 1, 0, 0, List.of()));
            assertThat(again).isEqualTo(new CarbonLedger.FlushResult(0, 0, 0, 0, List.of()));
        }
        try (LedgerStore store = open(ledger)) {
            assertThat(store.count()).isEqualTo(3);
            assertThat(store.find(EntryQuery.all().runIds(Set.of("r1", "r2")))).extracting(StoredEntry::signed)
                    .containsExactlyElementsOf(entries);
            assertThat(LedgerVerifier.verify(store, VerifyOptions.all().trusting(TRUST_A)).intact()).isTrue();
        }
    }

    @Test
    @DisplayName("two flushes of one spool at once append each entry once")
    void concurrentFlushesAppendOnce() throws Exception {
        LedgerLocation ledger = newLedger();
        LedgerConfig config = LedgerConfig.of(ledger).withSpoolBase(temp.resolve("spool"));
        try (CarbonLedger carbon = CarbonLedger.open(config, KEY_A)) {
            for (int i = 0; i < 20; i++) {
                carbon.spool().put(carbon.sign(measurement(run("r" + i, "vision"), 0.25, i)), "test");
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<CarbonLedger.FlushResult>> flushes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                flushes.add(pool.submit(() -> {
                    try (CarbonLedger carbon = CarbonLedger.open(config, KEY_A)) {
                        return carbon.flushSpool();
                    }
                }));
            }
            int appended = 0;
            for (Future<CarbonLedger.FlushResult> flush : flushes) {
                appended += flush.get(120, TimeUnit.SECONDS).appended();
            }
            assertThat(appended).isEqualTo(20);
        } finally {
            pool.shutdownNow();
        }
        try (LedgerStore store = open(ledger)) {
            assertThat(store.count()).isEqualTo(20);
            assertThat(LedgerVerifier.verify(store, VerifyOptions.all()).intact()).isTrue();
        }
    }

    @Test
    @DisplayName("an entry whose id is taken by another record is moved to rejected/, not retried forever")
    void conflictingSpooledEntryIsRejected() {
        LedgerLocation ledger = newLedger();
        LedgerConfig config = LedgerConfig.of(ledger).withSpoolBase(temp.resolve("spool"));
        LedgerEntry entry = measurement(run("r1", "vision"), 0.25, 1);
        try (CarbonLedger carbon = CarbonLedger.open(config, KEY_A)) {
            carbon.append(KEY_A.sign(entry));
            carbon.spool().put(KEY_B.sign(entry), "test");

            CarbonLedger.FlushResult result = carbon.flushSpool();

            assertThat(result.rejected()).isEqualTo(1);
            assertThat(result.remaining()).isZero();
            assertThat(carbon.spool().directory().resolve("rejected").resolve(entry.entryId() + ".json")).exists();
        }
    }

    // ---- concurrent writers ----

    @Test
    @DisplayName("8 threads with their own connections append 200 entries into one valid chain")
    void concurrentThreadsKeepOneChain() throws Exception {
        LedgerLocation ledger = newLedger();
        open(ledger).close();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    try (LedgerStore store = open(ledger)) {
                        for (int i = 0; i < 25; i++) {
                            store.append(KEY_A.sign(measurement(run("t" + thread, "vision"), 0.25, i)));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(300, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        try (LedgerStore store = open(ledger)) {
            assertThat(store.count()).isEqualTo(200);
            assertThat(store.head().orElseThrow().seq()).isEqualTo(200);
            assertThat(LedgerVerifier.verify(store, VerifyOptions.all().trusting(TRUST_A)).intact()).isTrue();
        }
    }

    @Test
    @DisplayName("32 processes appending at once keep one valid chain with every entry")
    void thirtyTwoProcessesKeepOneChain() throws Exception {
        int processes = 32;
        int perProcess = 5;
        LedgerLocation ledger = newLedger();
        open(ledger).close();
        Path keyFile = KeyFiles.writeNew(temp.resolve("keys"), "worker", KEY_A).privateKey();
        Path go = temp.resolve("go");
        List<Process> workers = new ArrayList<>();
        try {
            for (int p = 0; p < processes; p++) {
                workers.add(new ProcessBuilder(javaCommand(locationArgument(ledger), keyFile.toString(), go.toString(),
                        String.valueOf(p), String.valueOf(perProcess)))
                        .redirectErrorStream(true).redirectOutput(temp.resolve("worker-" + p + ".log").toFile()).start());
            }
            Files.writeString(go, "go");
            for (int p = 0; p < processes; p++) {
                assertThat(workers.get(p).waitFor(300, TimeUnit.SECONDS)).as("worker %d finished", p).isTrue();
                assertThat(workers.get(p).exitValue()).as("worker %d: %s", p,
                        Files.readString(temp.resolve("worker-" + p + ".log"))).isZero();
            }
        } finally {
            workers.forEach(Process::destroyForcibly);
        }
        try (LedgerStore store = open(ledger)) {
            assertThat(store.count()).isEqualTo(processes * perProcess);
            for (int p = 0; p < processes; p++) {
                assertThat(store.find(EntryQuery.forRun("proc-" + p))).hasSize(perProcess);
            }
            VerificationReport report = LedgerVerifier.verify(store, VerifyOptions.all().trusting(TRUST_A));
            assertThat(report.firstBreak()).isEmpty();
            assertThat(report.entriesChecked()).isEqualTo(processes * perProcess);
        }
    }

    /** How a worker process names the ledger: a path, or the PostgreSQL URL with its user. */
    abstract String locationArgument(LedgerLocation ledger);

    private static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx96m", "-cp",
                System.getProperty("java.class.path"), AppendWorker.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static List<Long> seqs(List<StoredEntry> entries) {
        return entries.stream().map(StoredEntry::seq).toList();
    }
}
