package io.carbonmlops.ledger.store;

import io.carbonmlops.ledger.LedgerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A ledger in one SQLite file (xerial sqlite-jdbc): WAL journal (readers never block the writer), synchronous=FULL
 * (an append that returned survives a power cut), one writer at a time through {@code BEGIN IMMEDIATE} with a busy
 * timeout: concurrent processes queue for the write lock instead of failing. The file and its directory are created
 * on first use; so are the tables and triggers.
 */
public final class SqliteLedgerStore extends JdbcLedgerStore {
    /** How long an append waits for other writers before the ledger counts as unavailable (and the entry spools). */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(30);
    private static final int SCHEMA_OBJECTS = Schema.sqlite().size() - 1; // every CREATE; the meta row is no object

    private final Path file;
    private final Duration busyTimeout;
    private final boolean createSchema;

    private SqliteLedgerStore(Path file, Duration busyTimeout, boolean createSchema) {
        super(file.toString());
        this.file = file;
        this.busyTimeout = busyTimeout;
        this.createSchema = createSchema;
    }

    /**
     * Opens (creating when missing) the ledger file.
     *
     * @throws io.carbonmlops.ledger.LedgerUnavailableException when the file is locked past the busy timeout
     * @throws LedgerException when it cannot be created or is not a ledger
     */
    public static SqliteLedgerStore open(Path file, Duration busyTimeout) {
        return open(file, busyTimeout, true);
    }

    /**
     * @param createSchema false for a reader: a file without the ledger's tables is refused as "not a carbon ledger"
     *                     and left as it was (no tables, triggers or WAL mode added to someone else's database)
     */
    public static SqliteLedgerStore open(Path file, Duration busyTimeout, boolean createSchema) {
        SqliteLedgerStore store = new SqliteLedgerStore(file.toAbsolutePath().normalize(), busyTimeout, createSchema);
        store.connectNow(); // a bad path fails here, not at the first append
        return store;
    }

    @Override
    Connection connect() throws SQLException {
        if (createSchema) {
            createDirectory();
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) busyTimeout.toMillis());
        Connection c = config.createConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = " + busyTimeout.toMillis());
            if (!createSchema) {
                requireLedgerTables(s);
            }
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = FULL");
            ensureSchema(c, s);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void requireLedgerTables(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                + "('ledger_entries', 'ledger_keys', 'ledger_meta')")) {
            if (!rs.next() || rs.getInt(1) < 3) {
                throw new LedgerException(file + " is not a carbon ledger (it has no ledger tables): check --ledger "
                        + "or CARBON_LEDGER");
            }
        }
    }

    private void createDirectory() {
        Path dir = file.getParent();
        try {
            if (dir != null) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new LedgerException("cannot create the directory of the ledger " + file + ": " + e
                    + " (set CARBON_LEDGER or --ledger to a writable place)", e);
        }
    }

    private void ensureSchema(Connection c, Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'ledger_%'")) {
            if (rs.next() && rs.getInt(1) >= SCHEMA_OBJECTS || !createSchema) {
                checkVersion(s); // a reader re-creates nothing, not even triggers the file's owner dropped
                return;
            }
        }
        s.execute("BEGIN IMMEDIATE");
        try {
            for (String statement : Schema.sqlite()) {
                s.execute(statement);
            }
            s.execute("COMMIT");
        } catch (SQLException e) {
            s.execute("ROLLBACK");
            throw e;
        }
        checkVersion(s);
    }

    private void checkVersion(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT value FROM ledger_meta WHERE name = 'schema_version'")) {
            String version = rs.next() ? rs.getString(1) : null;
            if (!String.valueOf(Schema.VERSION).equals(version)) {
                throw new LedgerException("the ledger " + file + " has schema version " + version + "; this "
                        + "carbon-mlops reads version " + Schema.VERSION);
            }
        }
    }

    @Override
    void beginAppend(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
    }

    @Override
    void endAppend(Connection c, boolean commit) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(commit ? "COMMIT" : "ROLLBACK");
        }
    }

    @Override
    boolean isUnavailable(SQLException e) {
        if (!(e instanceof SQLiteException sqlite)) {
            return false;
        }
        int primary = sqlite.getResultCode().code & 0xff;
        return List.of(SQLiteErrorCode.SQLITE_BUSY, SQLiteErrorCode.SQLITE_LOCKED, SQLiteErrorCode.SQLITE_CANTOPEN,
                SQLiteErrorCode.SQLITE_IOERR, SQLiteErrorCode.SQLITE_FULL, SQLiteErrorCode.SQLITE_PROTOCOL)
                .stream().anyMatch(code -> code.code == primary);
    }

    @Override
    boolean isUniqueViolation(SQLException e) {
        return e instanceof SQLiteException sqlite && (sqlite.getResultCode().code & 0xff)
                == SQLiteErrorCode.SQLITE_CONSTRAINT.code;
    }

    @Override
    SqlDialect dialect() {
        return SqlDialect.SQLITE;
    }
}
