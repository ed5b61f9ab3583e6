package io.carbonmlops.ledger.store;

import io.carbonmlops.ledger.LedgerException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * A ledger in a PostgreSQL database (14 or newer, UTF8), through the official JDBC driver. One writer at a time
 * through a transaction-scoped advisory lock, which any role may take, so the writer role needs no more than
 * SELECT and INSERT. The schema is created on first use when the role may create tables, else by
 * {@code carbon ledger init} run as the owner (docs/ledger.md).
 */
public final class PostgresLedgerStore extends JdbcLedgerStore {
    /**
     * The driver itself, not {@code DriverManager}: DriverManager only hands out drivers its caller's class loader
     * can see and that registered themselves, which fails where this class lives in a plugin's class loader (Jenkins).
     */
    private static final Driver DRIVER = new org.postgresql.Driver();

    /** Connect and login timeout unless the URL sets {@code connectTimeout}/{@code loginTimeout}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Read timeout unless the URL sets {@code socketTimeout}: a hung server cannot hold an append forever. */
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(60);
    /** The advisory lock key of appends: "carbonLG" in ASCII. */
    private static final long APPEND_LOCK = 0x636172626f6e4c47L;

    private final LedgerLocation.Postgres location;
    private final Duration connectTimeout;
    private final boolean createSchema;

    private PostgresLedgerStore(LedgerLocation.Postgres location, Duration connectTimeout, boolean createSchema) {
        super(location.describe());
        this.location = location;
        this.connectTimeout = connectTimeout;
        this.createSchema = createSchema;
    }

    /**
     * Connects and checks (or creates) the schema.
     *
     * @throws io.carbonmlops.ledger.LedgerUnavailableException when the server cannot be reached
     * @throws LedgerException when the database is not a usable ledger (encoding, schema version, no schema and no
     *                         right to create it)
     */
    public static PostgresLedgerStore open(LedgerLocation.Postgres location, Duration connectTimeout) {
        return open(location, connectTimeout, true);
    }

    /** @param createSchema false for a reader: a database without the ledger's tables is refused, not changed */
    public static PostgresLedgerStore open(LedgerLocation.Postgres location, Duration connectTimeout,
            boolean createSchema) {
        PostgresLedgerStore store = new PostgresLedgerStore(location, connectTimeout, createSchema);
        store.connectNow();
        return store;
    }

    /** The SQL that creates the schema, for a DBA to review or run by hand. */
    public static List<String> schemaStatements() {
        return Schema.postgres();
    }

    /** GRANT statements for a role that may only append and read. */
    public static List<String> writerGrants(String role) {
        return Schema.writerGrants(role);
    }

    @Override
    Connection connect() throws SQLException {
        Properties properties = location.properties();
        String query = location.jdbcUrl().contains("?") ? location.jdbcUrl().substring(location.jdbcUrl().indexOf('?'))
                : "";
        long seconds = Math.max(1, connectTimeout.toSeconds());
        defaultUnlessGiven(properties, query, "connectTimeout", String.valueOf(seconds));
        defaultUnlessGiven(properties, query, "loginTimeout", String.valueOf(seconds));
        defaultUnlessGiven(properties, query, "socketTimeout", String.valueOf(DEFAULT_SOCKET_TIMEOUT.toSeconds()));
        defaultUnlessGiven(properties, query, "ApplicationName", "carbon-ledger");
        Connection c = DRIVER.connect(location.jdbcUrl(), properties);
        if (c == null) { // the driver declines URLs that are not its own
            throw new LedgerException("not a PostgreSQL JDBC URL: " + describe());
        }
        try {
            checkEncoding(c);
            ensureSchema(c);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static void defaultUnlessGiven(Properties properties, String query, String name, String value) {
        if (!properties.containsKey(name) && !query.contains(name + "=")) {
            properties.setProperty(name, value);
        }
    }

    private void checkEncoding(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_encoding")) {
            rs.next();
            if (!"UTF8".equalsIgnoreCase(rs.getString(1))) {
                throw new LedgerException("the database of " + describe() + " is encoded " + rs.getString(1)
                        + "; the ledger stores signed UTF-8 text and needs a UTF8 database (CREATE DATABASE … "
                        + "ENCODING 'UTF8')");
            }
        }
    }

    private void ensureSchema(Connection c) throws SQLException {
        if (!schemaExists(c)) {
            if (!createSchema) {
                throw new LedgerException(describe() + " is not a carbon ledger (the database has no ledger tables): "
                        + "check --ledger or CARBON_LEDGER, or run 'carbon ledger init' as the database owner");
            }
            createSchema(c);
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT value FROM ledger_meta WHERE name = 'schema_version'")) {
            String version = rs.next() ? rs.getString(1) : null;
            if (!String.valueOf(Schema.VERSION).equals(version)) {
                throw new LedgerException("the ledger " + describe() + " has schema version " + version + "; this "
                        + "carbon-mlops reads version " + Schema.VERSION);
            }
        }
    }

    private static boolean schemaExists(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('ledger_meta') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private void createSchema(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            lock(c);
            if (!schemaExists(c)) { // another process may have created it while we waited for the lock
                for (String statement : Schema.postgres()) {
                    s.execute(statement);
                }
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            if ("42501".equals(e.getSQLState())) {
                throw new LedgerException("the ledger " + describe() + " has no tables yet and this role may not "
                        + "create them: run 'carbon ledger init --ledger URL' once as the database owner "
                        + "(docs/ledger.md)", e);
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void lock(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, APPEND_LOCK);
            lock.execute();
        }
    }

    @Override
    void beginAppend(Connection c) throws SQLException {
        c.setAutoCommit(false);
        lock(c);
    }

    @Override
    void endAppend(Connection c, boolean commit) throws SQLException {
        try {
            if (commit) {
                c.commit();
            } else {
                c.rollback();
            }
        } finally {
            c.setAutoCommit(true);
        }
    }

    @Override
    boolean isUnavailable(SQLException e) {
        String state = e.getSQLState();
        // 08: connection exceptions; 57P01-57P03: the server is shutting down or starting; 53300: too many
        // connections; no state at all: the driver failed before it could talk to the server.
        return state == null || state.startsWith("08") || state.startsWith("57P") || state.equals("53300");
    }

    @Override
    boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    @Override
    SqlDialect dialect() {
        return SqlDialect.POSTGRES;
    }
}
