package io.carbonmlops.ledger.store;

import static io.carbonmlops.ledger.testing.LedgerFixtures.KEY_A;
import static io.carbonmlops.ledger.testing.LedgerFixtures.measurement;
import static io.carbonmlops.ledger.testing.LedgerFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonmlops.ledger.LedgerException;
import io.carbonmlops.ledger.StoredEntry;
import io.carbonmlops.ledger.verify.BreakReason;
import io.carbonmlops.ledger.verify.ChainBreak;
import io.carbonmlops.ledger.verify.VerifyOptions;
import io.carbonmlops.ledger.testing.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresLedgerStoreTest extends LedgerStoreContract {
    private static PostgresServer server;

    @BeforeAll
    static void startServer() {
        server = PostgresServer.shared();
    }

    @Override
    LedgerLocation newLedger() {
        return server.createDatabase();
    }

    private static String database(LedgerLocation ledger) {
        return PostgresServer.databaseOf((LedgerLocation.Postgres) ledger);
    }

    /** A superuser can switch the triggers off for its session; that is what the chain and signatures are for. */
    @Override
    void tamper(LedgerLocation ledger, String sql) throws SQLException {
        try (Connection c = server.superuser(database(ledger)); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            s.execute(sql);
        }
    }

    @Override
    void executeAsWriter(LedgerLocation ledger, String sql) throws SQLException {
        try (Connection c = server.superuser(database(ledger)); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    void makeUnreachable(LedgerLocation ledger) {
        server.stop();
    }

    @Override
    void makeReachable(LedgerLocation ledger) {
        server.start();
    }

    @Override
    String queryPlan(LedgerLocation ledger, String sql, List<Object> parameters) throws SQLException {
        try (Connection c = server.superuser(database(ledger))) {
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE ledger_entries");
                s.execute("SET enable_seqscan = off");
            }
            try (PreparedStatement explain = c.prepareStatement("EXPLAIN " + sql)) {
                for (int i = 0; i < parameters.size(); i++) {
                    explain.setObject(i + 1, parameters.get(i));
                }
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = explain.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                return plan.toString();
            }
        }
    }

    @Override
    String locationArgument(LedgerLocation ledger) {
        return "postgresql://" + PostgresServer.SUPERUSER + "@127.0.0.1:" + server.port() + "/" + database(ledger);
    }

    @Test
    void truncateIsRefused() {
        LedgerLocation ledger = fiveEntries();
        assertThatThrownBy(() -> executeAsWriter(ledger, "TRUNCATE ledger_entries")).isInstanceOf(SQLException.class)
                .hasMessageContaining("append-only");
    }

    @Test
    void aWriterRoleWithInsertAndSelectOnlyAppendsButCannotChangeRows() throws SQLException {
        LedgerLocation.Postgres owner = server.createDatabase();
        open(owner).close(); // the owner creates the schema
        server.grantWriter(database(owner), PostgresLedgerStore.writerGrants(PostgresServer.WRITER_ROLE));
        LedgerLocation writer = LedgerLocation.parse("postgresql://" + PostgresServer.WRITER_ROLE + "@127.0.0.1:"
                + server.port() + "/" + database(owner));

        try (LedgerStore store = open(writer)) {
            store.append(KEY_A.sign(measurement(run("r1", "vision"), 0.25, 1)));
            store.append(KEY_A.sign(measurement(run("r2", "vision"), 0.25, 2)));
            assertThat(store.count()).isEqualTo(2);
        }
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", PostgresServer.WRITER_ROLE);
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/"
                + database(owner), properties); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("UPDATE ledger_entries SET team = 'x'"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("DELETE FROM ledger_entries"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("TRUNCATE ledger_entries"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("SET session_replication_role = replica"))
                    .as("only a superuser may switch the triggers off").hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("ALTER TABLE ledger_entries DISABLE TRIGGER USER"))
                    .hasMessageContaining("must be owner");
        }
        // Granted too much by mistake, the writer still cannot change a row: the triggers refuse.
        server.grantWriter(database(owner), List.of("GRANT UPDATE, DELETE, TRUNCATE ON ledger_entries, ledger_keys, "
                + "ledger_meta TO " + PostgresServer.WRITER_ROLE));
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/"
                + database(owner), properties); Statement s = c.createStatement()) {
            for (String sql : List.of("UPDATE ledger_entries SET team = 'x'", "DELETE FROM ledger_entries",
                    "TRUNCATE ledger_entries", "DELETE FROM ledger_keys", "UPDATE ledger_meta SET value = '2'")) {
                assertThatThrownBy(() -> s.execute(sql)).as(sql).hasMessageContaining("append-only");
            }
        }
        try (LedgerStore store = open(writer)) {
            assertThat(store.count()).isEqualTo(2);
        }
    }

    @Test
    void anEntryReplayedByASuperuserWhoDroppedTheUniqueConstraintIsNamed() throws SQLException {
        LedgerLocation ledger = fiveEntries();
        StoredEntry original;
        StoredEntry head;
        try (LedgerStore store = open(ledger)) {
            original = store.bySeq(2).orElseThrow();
            head = store.head().orElseThrow();
        }
        tamper(ledger, "ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_entry_id_key");
        tamper(ledger, replay(original, 6, head.entryHash(), original.signed().entryId().toString()));

        ChainBreak broken = firstBreak(ledger, VerifyOptions.all().trusting(TRUST_A));

        assertThat(broken.seq()).isEqualTo(6);
        assertThat(broken.reason()).isEqualTo(BreakReason.DUPLICATE_ENTRY);
        assertThat(broken.detail()).contains("seq 2");
    }

    @Test
    void aRoleThatMayNotCreateTheSchemaIsToldToRunInit() throws SQLException {
        LedgerLocation.Postgres empty = server.createDatabase();
        server.grantWriter(database(empty), List.of("REVOKE CREATE ON SCHEMA public FROM PUBLIC"));
        LedgerLocation writer = LedgerLocation.parse("postgresql://" + PostgresServer.WRITER_ROLE + "@127.0.0.1:"
                + server.port() + "/" + database(empty));

        assertThatThrownBy(() -> open(writer)).isInstanceOf(LedgerException.class)
                .hasMessageContaining("carbon ledger init");
    }
}
