package io.carbonmlops.ledger.store;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.carbonmlops.ledger.CanonicalJson;
import io.carbonmlops.ledger.ChainHash;
import io.carbonmlops.ledger.EntryConflictException;
import io.carbonmlops.ledger.IndexedFields;
import io.carbonmlops.ledger.LedgerEntry;
import io.carbonmlops.ledger.LedgerException;
import io.carbonmlops.ledger.LedgerUnavailableException;
import io.carbonmlops.ledger.SignedEntry;
import io.carbonmlops.ledger.StoredEntry;
import io.carbonmlops.ledger.keys.PublicKeys;
import io.carbonmlops.ledger.keys.Signatures;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the SQLite and PostgreSQL stores share: the SQL of appends, reads and queries over one connection. Subclasses
 * open the connection, take the one-writer lock and tell transient failures from others.
 */
abstract class JdbcLedgerStore implements LedgerStore {
    private static final int APPEND_ATTEMPTS = 5;
    private static final String SELECT_ENTRIES = "SELECT e.seq, e.entry_id, e.prev_hash, e.entry_hash, e.payload, "
            + "e.key_id, e.signature, k.public_key, e.kind, e.occurred_at_ms, e.mlflow_experiment_id, e.mlflow_run_id, "
            + "e.mlflow_parent_run_id, e.pipeline_id, e.team, e.project, e.model_name, e.co2e_kg, e.co2e_market_kg, "
            + "e.energy_kwh FROM ledger_entries e LEFT JOIN ledger_keys k ON k.key_id = e.key_id";

    private final String described;
    private Connection connection;
    private boolean closed;

    JdbcLedgerStore(String described) {
        this.described = described;
    }

    /** A new connection in auto-commit mode, the schema checked (and created where allowed). */
    abstract Connection connect() throws SQLException;

    /** Starts the append transaction and takes the one-writer lock. */
    abstract void beginAppend(Connection c) throws SQLException;

    /** Commits (or rolls back) the append transaction and returns the connection to auto-commit. */
    abstract void endAppend(Connection c, boolean commit) throws SQLException;

    /** True when the failure means "cannot reach the store now": the caller spools and retries later. */
    abstract boolean isUnavailable(SQLException e);

    abstract boolean isUniqueViolation(SQLException e);

    @Override
    public String describe() {
        return described;
    }

    // ---- appends ----

    @Override
    public synchronized AppendResult append(SignedEntry entry) {
        return appendAll(List.of(entry)).get(0);
    }

    @Override
    public synchronized List<AppendResult> appendAll(List<SignedEntry> entries) {
        List<IndexedFields> fields = new ArrayList<>();
        for (SignedEntry entry : entries) {
            fields.add(checkAppendable(entry));
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return appendOnce(connection(), entries, fields);
            } catch (SQLException e) {
                // A writer that bypassed the lock took our seq (or a twin flush our entry id): read the head again.
                if (!isUniqueViolation(e) || attempt == APPEND_ATTEMPTS) {
                    throw failure("cannot append to the ledger " + described, e);
                }
            }
        }
    }

    /** The entry's columns; refuses what would make a broken ledger (a key id that is not its key's hash, …). */
    private static IndexedFields checkAppendable(SignedEntry entry) {
        JsonObject payload;
        LedgerEntry parsed;
        try {
            payload = CanonicalJson.parseCanonicalObject(entry.payload());
            parsed = LedgerEntry.fromJson(payload);
        } catch (JsonParseException e) {
            throw new LedgerException("entry " + entry.entryId() + " has a malformed payload: " + e.getMessage(), e);
        }
        if (!entry.entryId().equals(parsed.entryId())) {
            throw new LedgerException("entry " + entry.entryId() + " does not match its payload's entry_id");
        }
        if (entry.isSigned()) {
            if (entry.publicKey() == null) {
                throw new LedgerException("signed entry " + entry.entryId() + " lacks its signer's public key");
            }
            if (!Signatures.isCanonical(entry.signature())) {
                throw new LedgerException("signed entry " + entry.entryId() + ": its signature is not the base64 of a "
                        + "64-byte Ed25519 signature");
            }
            PublicKey key;
            try {
                key = PublicKeys.parse(entry.publicKey());
            } catch (IllegalArgumentException e) {
                throw new LedgerException("signed entry " + entry.entryId() + ": " + e.getMessage(), e);
            }
            if (!PublicKeys.keyId(key).equals(entry.keyId())) {
                throw new LedgerException("entry " + entry.entryId() + ": key id " + entry.keyId()
                        + " is not the SHA-256 of the public key it carries");
            }
        }
        return IndexedFields.of(payload);
    }

    private List<AppendResult> appendOnce(Connection c, List<SignedEntry> entries, List<IndexedFields> fields)
            throws SQLException {
        beginAppend(c);
        boolean committed = false;
        try {
            long headSeq = 0;
            String headHash = ChainHash.GENESIS;
            try (PreparedStatement head = c.prepareStatement(
                    "SELECT seq, entry_hash FROM ledger_entries ORDER BY seq DESC LIMIT 1");
                    ResultSet rs = head.executeQuery()) {
                if (rs.next()) {
                    headSeq = rs.getLong(1);
                    headHash = rs.getString(2);
                }
            }
            List<AppendResult> results = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                SignedEntry entry = entries.get(i);
                Optional<StoredEntry> existing = selectOne(c, " WHERE e.entry_id = ?", entry.entryId().toString());
                if (existing.isPresent()) {
                    results.add(alreadyPresent(existing.get(), entry));
                    continue;
                }
                long seq = headSeq + 1;
                String hash = ChainHash.of(seq, headHash, entry);
                if (entry.isSigned()) {
                    insertKey(c, entry);
                }
                insertEntry(c, seq, headHash, hash, entry, fields.get(i));
                results.add(new AppendResult(seq, hash, false));
                headSeq = seq;
                headHash = hash;
            }
            endAppend(c, true);
            committed = true;
            return results;
        } finally {
            if (!committed) {
                rollbackQuietly(c);
            }
        }
    }

    private AppendResult alreadyPresent(StoredEntry existing, SignedEntry entry) {
        if (!existing.signed().sameRecordAs(entry)) {
            throw new EntryConflictException("the ledger " + described + " already holds entry " + entry.entryId()
                    + " at seq " + existing.seq() + " with other content; an entry id names one record only");
        }
        return new AppendResult(existing.seq(), existing.entryHash(), true);
    }

    private static void insertKey(Connection c, SignedEntry entry) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO ledger_keys (key_id, public_key) VALUES (?, ?) ON CONFLICT (key_id) DO NOTHING")) {
            insert.setString(1, entry.keyId());
            insert.setString(2, entry.publicKey());
            insert.executeUpdate();
        }
    }

    private static void insertEntry(Connection c, long seq, String prevHash, String hash, SignedEntry entry,
            IndexedFields f) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO ledger_entries (" + Schema.ENTRY_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 0;
            insert.setLong(++i, seq);
            insert.setString(++i, entry.entryId().toString());
            insert.setString(++i, prevHash);
            insert.setString(++i, hash);
            insert.setString(++i, entry.payload());
            insert.setString(++i, entry.keyId());
            insert.setString(++i, entry.signature());
            insert.setString(++i, f.kind());
            insert.setLong(++i, f.occurredAtMillis());
            for (String value : new String[] {f.mlflowExperimentId(), f.mlflowRunId(), f.mlflowParentRunId(),
                f.pipelineId(), f.team(), f.project(), f.modelName()}) {
                insert.setString(++i, value);
            }
            for (Double value : new Double[] {f.co2eKg(), f.co2eMarketBasedKg(), f.facilityEnergyKwh()}) {
                if (value == null) {
                    insert.setNull(++i, Types.DOUBLE);
                } else {
                    insert.setDouble(++i, value);
                }
            }
            insert.executeUpdate();
        }
    }

    private void rollbackQuietly(Connection c) {
        try {
            endAppend(c, false);
        } catch (SQLException e) {
            dropConnection();
        }
    }

    // ---- reads ----

    @Override
    public synchronized Optional<StoredEntry> head() {
        return readOne(" ORDER BY e.seq DESC LIMIT 1");
    }

    @Override
    public synchronized long count() {
        try (PreparedStatement count = connection().prepareStatement("SELECT COUNT(*) FROM ledger_entries");
                ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failure("cannot count the entries of " + described, e);
        }
    }

    @Override
    public synchronized Optional<StoredEntry> bySeq(long seq) {
        return readOne(" WHERE e.seq = ?", seq);
    }

    @Override
    public synchronized Optional<StoredEntry> byEntryId(UUID entryId) {
        return readOne(" WHERE e.entry_id = ?", entryId.toString());
    }

    @Override
    public synchronized List<StoredEntry> page(long afterSeq, long toSeq, int limit) {
        return readMany(" WHERE e.seq > ? AND e.seq <= ? ORDER BY e.seq LIMIT ?", List.of(afterSeq, toSeq, limit));
    }

    @Override
    public synchronized List<StoredEntry> find(EntryQuery query) {
        QuerySql where = QuerySql.of(query, "e.");
        List<Object> parameters = new ArrayList<>(where.parameters());
        parameters.add(query.limit());
        return readMany(where.sql() + " ORDER BY e.seq LIMIT ?", parameters);
    }

    @Override
    public synchronized List<StoredEntry> findAfter(EntryQuery query, long afterSeq) {
        QuerySql where = QuerySql.of(query, "e.");
        List<Object> parameters = new ArrayList<>(where.parameters());
        parameters.add(afterSeq);
        parameters.add(query.limit());
        String sql = (where.sql().isEmpty() ? " WHERE " : where.sql() + " AND ") + "e.seq > ? ORDER BY e.seq LIMIT ?";
        return readMany(sql, parameters);
    }

    /** The SQL and parameters {@link #find} runs, for tests that check the query plan uses an index. */
    static QuerySql findSql(EntryQuery query) {
        QuerySql where = QuerySql.of(query, "e.");
        List<Object> parameters = new ArrayList<>(where.parameters());
        parameters.add(query.limit());
        return new QuerySql(SELECT_ENTRIES + where.sql() + " ORDER BY e.seq LIMIT ?", parameters);
    }

    @Override
    public synchronized List<SignerTotals> totalsBySigner(EntryQuery query) {
        QuerySql where = QuerySql.of(query, "");
        String sql = "SELECT key_id, COUNT(*), COALESCE(SUM(co2e_kg), 0), COALESCE(SUM(co2e_market_kg), 0), "
                + "COALESCE(SUM(energy_kwh), 0) FROM ledger_entries" + where.sql() + " GROUP BY key_id ORDER BY key_id";
        try (PreparedStatement select = connection().prepareStatement(sql)) {
            bind(select, where.parameters());
            List<SignerTotals> totals = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    totals.add(new SignerTotals(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4),
                            rs.getDouble(5)));
                }
            }
            return totals;
        } catch (SQLException e) {
            throw failure("cannot sum the entries of " + described, e);
        }
    }

    /** The SQL of payload reads in this store's dialect. */
    abstract SqlDialect dialect();

    @Override
    public synchronized List<GroupTotals> groupTotals(EntryQuery query, GroupBy groupBy) {
        return select(new GroupQueries(dialect()).totals(query, groupBy), rs -> new GroupTotals(rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getLong(4), rs.getDouble(5), rs.getLong(6), rs.getLong(7),
                rs.getDouble(8), rs.getDouble(9), rs.getDouble(10), rs.getLong(11), rs.getLong(12)));
    }

    @Override
    public synchronized List<GroupDetail> groupDevices(EntryQuery query, GroupBy groupBy) {
        return select(new GroupQueries(dialect()).devices(query, groupBy), rs -> new GroupDetail(rs.getString(1),
                rs.getString(2), rs.getDouble(3), rs.getDouble(4)));
    }

    @Override
    public synchronized List<IntensityUse> groupIntensities(EntryQuery query, GroupBy groupBy) {
        return select(new GroupQueries(dialect()).intensities(query, groupBy), rs -> new IntensityUse(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getLong(7), rs.getDouble(8), rs.getLong(9), rs.getDouble(10), rs.getDouble(11)));
    }

    @Override
    public void forEachEntryRef(EntryQuery query, GroupBy groupBy, java.util.function.Consumer<EntryRef> consumer) {
        GroupQueries queries = new GroupQueries(dialect());
        for (long after = 0; ; ) {
            List<EntryRef> page;
            synchronized (this) {
                page = select(queries.refs(query, groupBy, after, REF_PAGE), rs -> new EntryRef(rs.getLong(1),
                        rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), nullableDouble(rs, 8), nullableDouble(rs, 9), nullableDouble(rs, 10)));
            }
            page.forEach(consumer);
            if (page.size() < REF_PAGE) {
                return;
            }
            after = page.get(page.size() - 1).seq();
        }
    }

    private static final int REF_PAGE = 20_000;

    /** Reads one row of a result set. */
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> select(QuerySql query, RowReader<T> reader) {
        try (PreparedStatement select = connection().prepareStatement(query.sql())) {
            bind(select, query.parameters());
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw failure("cannot sum the entries of " + described, e);
        }
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    @Override
    public synchronized Optional<String> publicKey(String keyId) {
        try (PreparedStatement select = connection().prepareStatement(
                "SELECT public_key FROM ledger_keys WHERE key_id = ?")) {
            select.setString(1, keyId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("cannot read the keys of " + described, e);
        }
    }

    private Optional<StoredEntry> readOne(String where, Object... parameters) {
        List<StoredEntry> rows = readMany(where, List.of(parameters));
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private List<StoredEntry> readMany(String where, List<Object> parameters) {
        try (PreparedStatement select = connection().prepareStatement(SELECT_ENTRIES + where)) {
            bind(select, parameters);
            List<StoredEntry> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(StoredRows.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw failure("cannot read the ledger " + described, e);
        }
    }

    private Optional<StoredEntry> selectOne(Connection c, String where, String parameter) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(SELECT_ENTRIES + where)) {
            select.setString(1, parameter);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(StoredRows.read(rs)) : Optional.empty();
            }
        }
    }

    private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            if (value instanceof Long l) {
                statement.setLong(i + 1, l);
            } else if (value instanceof Integer n) {
                statement.setInt(i + 1, n);
            } else {
                statement.setString(i + 1, (String) value);
            }
        }
    }

    // ---- connection ----

    /** Connects now (and checks the schema), so that a wrong location fails when the store is opened. */
    synchronized void connectNow() {
        try {
            connection();
        } catch (SQLException e) {
            throw failure("cannot open the ledger " + described, e);
        }
    }

    /** The open connection, reconnecting after a failure dropped it. */
    synchronized Connection connection() throws SQLException {
        if (closed) {
            throw new IllegalStateException("the ledger store " + described + " is closed");
        }
        if (connection == null) {
            connection = connect();
        }
        return connection;
    }

    private LedgerException failure(String what, SQLException e) {
        if (isUnavailable(e)) {
            dropConnection();
            return new LedgerUnavailableException(what + ": " + e.getMessage(), e);
        }
        return new LedgerException(what + ": " + e.getMessage(), e);
    }

    private void dropConnection() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // already broken
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        dropConnection();
    }
}
