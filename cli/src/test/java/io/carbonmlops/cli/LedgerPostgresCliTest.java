package io.carbonmlops.cli;

import static io.carbonmlops.ledger.testing.LedgerFixtures.KEY_A;
import static io.carbonmlops.ledger.testing.LedgerFixtures.measurement;
import static io.carbonmlops.ledger.testing.LedgerFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.ledger.keys.KeyFiles;
import io.carbonmlops.ledger.store.EntryQuery;
import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.ledger.store.LedgerStore;
import io.carbonmlops.ledger.store.LedgerStores;
import io.carbonmlops.ledger.testing.PostgresServer;
import io.carbonmlops.meter.MeterClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code carbon measure --ledger postgresql://…} and {@code carbon ledger verify} against a real PostgreSQL. */
@Timeout(180)
class LedgerPostgresCliTest {
    private static PostgresServer server;

    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();
    private final Map<String, String> env = new HashMap<>(Map.of("CARBON_NVML_LIBRARY",
            "/nonexistent/libnvidia-ml.so.1", "CARBON_HOST", "ci-7"));

    @BeforeAll
    static void startServer() {
        server = PostgresServer.shared();
    }

    private int carbon(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        env.putIfAbsent("CARBON_LEDGER_SPOOL_DIR", dir.resolve("spool").toString());
        return CarbonCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true),
                new CliEnvironment(env, MeterClock.SYSTEM)).execute(args);
    }

    private static String url(LedgerLocation.Postgres ledger) {
        return "postgresql://" + PostgresServer.SUPERUSER + "@127.0.0.1:" + server.port() + "/"
                + PostgresServer.databaseOf(ledger);
    }

    private void superuser(LedgerLocation.Postgres ledger, String... statements) throws Exception {
        try (Connection c = server.superuser(PostgresServer.databaseOf(ledger)); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private LedgerLocation.Postgres fiveEntries() {
        LedgerLocation.Postgres ledger = server.createDatabase();
        try (LedgerStore store = LedgerStores.open(ledger)) {
            for (int i = 1; i <= 5; i++) {
                store.append(KEY_A.sign(measurement(run("r" + i, "vision"), 0.25, i)));
            }
        }
        return ledger;
    }

    private String entryId(LedgerLocation ledger, long seq) {
        try (LedgerStore store = LedgerStores.open(ledger)) {
            return store.bySeq(seq).orElseThrow().signed().entryId().toString();
        }
    }

    @Test
    void verifyNamesEditedDeletedAndReorderedRows() throws Exception {
        LedgerLocation.Postgres edited = fiveEntries();
        superuser(edited, "UPDATE ledger_entries SET payload = replace(payload, '\"co2e_kg\":0.25', "
                + "'\"co2e_kg\":0.025') WHERE seq = 2");
        assertThat(carbon("ledger", "verify", "--ledger", url(edited))).isEqualTo(ExitCodes.LEDGER_BROKEN);
        assertThat(out.toString()).contains("BROKEN at entry seq 2 (id " + entryId(edited, 2) + ")");

        LedgerLocation.Postgres deleted = fiveEntries();
        String fifth = entryId(deleted, 5);
        superuser(deleted, "DELETE FROM ledger_entries WHERE seq = 4");
        assertThat(carbon("ledger", "verify", "--ledger", url(deleted))).isEqualTo(ExitCodes.LEDGER_BROKEN);
        assertThat(out.toString()).contains("BROKEN at entry seq 5 (id " + fifth + "): entries before it are missing");

        LedgerLocation.Postgres reordered = fiveEntries();
        String third = entryId(reordered, 3);
        superuser(reordered, "UPDATE ledger_entries SET seq = -1 WHERE seq = 1",
                "UPDATE ledger_entries SET seq = 1 WHERE seq = 3", "UPDATE ledger_entries SET seq = 3 WHERE seq = -1");
        assertThat(carbon("ledger", "verify", "--ledger", url(reordered))).isEqualTo(ExitCodes.LEDGER_BROKEN);
        assertThat(out.toString()).contains("BROKEN at entry seq 1 (id " + third + ")");

        assertThat(carbon("ledger", "verify", "--ledger", url(fiveEntries()))).isZero();
    }

    @Test
    void whilePostgresIsDownTheCommandRunsAndItsEntrySpoolsUntilFlushed() throws Exception {
        LedgerLocation.Postgres ledger = server.createDatabase();
        LedgerStores.open(ledger).close();
        Path key = KeyFiles.writeNew(dir.resolve("keys"), "ci", KEY_A).privateKey();
        Path marker = dir.resolve("ran");
        env.put("MLFLOW_RUN_ID", "offline-run");
        server.stop();
        try {
            assertThat(carbon("measure", "--ledger", url(ledger), "--ledger-key", key.toString(), "--", "sh", "-c",
                    "touch '" + marker + "'; exit 5")).isEqualTo(5);
            assertThat(marker).exists();
            assertThat(err.toString()).contains("unreachable").contains("'carbon ledger flush' appends it");
            assertThat(carbon("ledger", "flush", "--ledger", url(ledger))).isEqualTo(ExitCodes.FAILURE);
            assertThat(out.toString()).contains("appended 0, already present 0, rejected 0, remaining 1");
        } finally {
            server.start();
        }

        assertThat(carbon("ledger", "flush", "--ledger", url(ledger))).isZero();
        assertThat(out.toString()).contains("appended 1, already present 0, rejected 0, remaining 0");
        assertThat(carbon("ledger", "flush", "--ledger", url(ledger))).isZero();
        assertThat(out.toString()).contains("appended 0, already present 0, rejected 0, remaining 0");
        try (LedgerStore store = LedgerStores.open(ledger)) {
            assertThat(store.find(EntryQuery.forRun("offline-run"))).singleElement()
                    .satisfies(e -> assertThat(e.signed().keyId()).isEqualTo(KEY_A.keyId()));
        }
    }

    @Test
    void initPrintsTheGrantsOfAnAppendOnlyWriter() {
        LedgerLocation.Postgres ledger = server.createDatabase();

        assertThat(carbon("ledger", "init", "--ledger", url(ledger), "--grants-for", "carbon_writer")).isZero();

        assertThat(out.toString()).contains("ledger ready: postgresql://postgres@127.0.0.1:" + server.port())
                .contains("GRANT SELECT, INSERT ON ledger_entries, ledger_keys TO carbon_writer;")
                .contains("GRANT SELECT ON ledger_meta TO carbon_writer;");
    }

    @Test
    void verifyingADatabaseWithoutLedgerTablesFailsAndCreatesNone() throws Exception {
        LedgerLocation.Postgres empty = server.createDatabase();

        assertThat(carbon("ledger", "verify", "--ledger", url(empty))).isEqualTo(ExitCodes.FAILURE);

        assertThat(err.toString()).contains("is not a carbon ledger");
        try (Connection c = server.superuser(PostgresServer.databaseOf(empty)); Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT to_regclass('ledger_entries') IS NULL")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
        }
    }
}
