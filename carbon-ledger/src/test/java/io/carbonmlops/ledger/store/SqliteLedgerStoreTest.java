package io.carbonmlops.ledger.store;

import static io.carbonmlops.ledger.testing.LedgerFixtures.KEY_A;
import static io.carbonmlops.ledger.testing.LedgerFixtures.measurement;
import static io.carbonmlops.ledger.testing.LedgerFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SqliteLedgerStoreTest extends LedgerStoreContract {
    private final AtomicInteger ledgers = new AtomicInteger();
    private Connection lockHolder;

    @Override
    LedgerLocation newLedger() {
        return new LedgerLocation.Sqlite(temp.resolve("ledgers/ledger-" + ledgers.incrementAndGet() + ".db"));
    }

    private static Connection connect(LedgerLocation ledger) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + ((LedgerLocation.Sqlite) ledger).file());
    }

    /** Whoever can write the file can drop the triggers: the store re-creates them when it next opens the file. */
    @Override
    void tamper(LedgerLocation ledger, String sql) throws SQLException {
        try (Connection c = connect(ledger); Statement s = c.createStatement()) {
            for (String table : List.of("ledger_entries", "ledger_keys", "ledger_meta")) {
                s.execute("DROP TRIGGER IF EXISTS " + table + "_no_update");
                s.execute("DROP TRIGGER IF EXISTS " + table + "_no_delete");
            }
            s.execute(sql);
        }
    }

    @Override
    void executeAsWriter(LedgerLocation ledger, String sql) throws SQLException {
        try (Connection c = connect(ledger); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Another process holds the write lock longer than the store's busy timeout. */
    @Override
    void makeUnreachable(LedgerLocation ledger) throws SQLException {
        lockHolder = connect(ledger);
        try (Statement s = lockHolder.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
        }
    }

    @Override
    void makeReachable(LedgerLocation ledger) throws SQLException {
        try (Statement s = lockHolder.createStatement()) {
            s.execute("ROLLBACK");
        }
        lockHolder.close();
        lockHolder = null;
    }

    @AfterEach
    void releaseLock() throws SQLException {
        if (lockHolder != null) {
            lockHolder.close();
        }
    }

    @Override
    String queryPlan(LedgerLocation ledger, String sql, List<Object> parameters) throws SQLException {
        try (Connection c = connect(ledger); PreparedStatement explain = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                explain.setObject(i + 1, parameters.get(i));
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString("detail")).append('\n');
                }
            }
            return plan.toString();
        }
    }

    @Override
    String locationArgument(LedgerLocation ledger) {
        return ((LedgerLocation.Sqlite) ledger).file().toString();
    }

    @Test
    void theFileIsInWalModeAndTheTriggersComeBackAfterBeingDropped() throws SQLException {
        LedgerLocation ledger = fiveEntries();
        tamper(ledger, "SELECT 1");
        open(ledger).close();

        try (Connection c = connect(ledger); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(6);
            }
        }
    }

    @Test
    void aMissingDirectoryIsCreated() throws Exception {
        Path file = temp.resolve("a/b/c/ledger.db");
        try (LedgerStore store = SqliteLedgerStore.open(file, SqliteLedgerStore.DEFAULT_BUSY_TIMEOUT)) {
            store.append(KEY_A.sign(measurement(run("r1", "vision"), 0.25, 1)));
        }
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)).substring(3))
                .as("group and others may not write the ledger").doesNotContain("w");
    }
}
