package io.carbonmlops.ledger.store;

import io.carbonmlops.ledger.EntryConflictException;
import io.carbonmlops.ledger.LedgerUnavailableException;
import io.carbonmlops.ledger.SignedEntry;
import io.carbonmlops.ledger.StoredEntry;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The one way to reach a carbon ledger's storage: an SQLite file ({@link SqliteLedgerStore}) or a PostgreSQL
 * database ({@link PostgresLedgerStore}), with the same schema and the same behaviour (one contract test suite runs
 * against both). Open one with {@link LedgerStores#open}.
 *
 * <h2>Appends</h2>
 * One writer at a time appends (SQLite {@code BEGIN IMMEDIATE}, PostgreSQL a transaction-scoped advisory lock): it
 * reads the head, computes the new entry's {@link io.carbonmlops.ledger.ChainHash} and inserts it at head + 1.
 * Entry ids are unique: appending an entry the store already holds returns its place with
 * {@link AppendResult#alreadyPresent()} and adds nothing (exactly-once delivery from a spool); an entry with a known
 * id but other content is refused with {@link EntryConflictException}.
 *
 * <h2>Append-only</h2>
 * Triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) on every ledger table. That stops mistakes and
 * roles without superuser rights; it does not stop whoever owns the database file or is a superuser, which is what
 * the hash chain and signatures are for (docs/ledger.md).
 *
 * <h2>Failures</h2>
 * {@link LedgerUnavailableException} when the store cannot be reached now (spool and retry);
 * {@link io.carbonmlops.ledger.LedgerException} for anything else. Implementations are thread-safe; one connection is
 * shared, so calls are serialised.
 */
public interface LedgerStore extends AutoCloseable {
    /**
     * Appends one entry in its own transaction.
     *
     * @throws EntryConflictException     when the id is taken by another record
     * @throws LedgerUnavailableException when the store cannot be reached; nothing was appended
     */
    AppendResult append(SignedEntry entry);

    /**
     * Appends entries in order, in one transaction (a spool flush, a bulk import): all or none. Entries already
     * present are skipped and reported as such.
     */
    List<AppendResult> appendAll(List<SignedEntry> entries);

    /** The last entry of the chain; empty for an empty ledger. */
    Optional<StoredEntry> head();

    /** How many entries the store holds. */
    long count();

    Optional<StoredEntry> bySeq(long seq);

    Optional<StoredEntry> byEntryId(UUID entryId);

    /**
     * Entries with {@code afterSeq < seq <= toSeq}, in seq order, at most {@code limit}: the pages verification and
     * export walk through.
     */
    List<StoredEntry> page(long afterSeq, long toSeq, int limit);

    /** Entries matching the query, in seq order. */
    List<StoredEntry> find(EntryQuery query);

    /**
     * Entries matching the query with {@code seq > afterSeq}, in seq order, at most the query's limit: pages through
     * more matches than one query returns (pass the last seq of the previous page).
     */
    List<StoredEntry> findAfter(EntryQuery query, long afterSeq);

    /** Sums per signer (unsigned entries under a null key id) over the entries matching the query (its limit aside). */
    List<SignerTotals> totalsBySigner(EntryQuery query);

    /**
     * Sums per group, UTC month and signer over the entries matching the query (its limit aside), in SQL: what a
     * report aggregates. Verification proves the indexed columns equal the signed payloads.
     */
    List<GroupTotals> groupTotals(EntryQuery query, GroupBy groupBy);

    /** Device energy per group and month, with the part that is an estimate (its limit aside). */
    List<GroupDetail> groupDevices(EntryQuery query, GroupBy groupBy);

    /**
     * Entries and their IT energy per group, month and carbon-intensity source (zone, source, kind, year), its limit
     * aside.
     */
    List<IntensityUse> groupIntensities(EntryQuery query, GroupBy groupBy);

    /** Every matching entry's reference in seq order, page by page (its limit aside). */
    void forEachEntryRef(EntryQuery query, GroupBy groupBy, java.util.function.Consumer<EntryRef> consumer);

    /** The public key (base64 SubjectPublicKeyInfo) the ledger holds for a key id. */
    Optional<String> publicKey(String keyId);

    /** The store's location without credentials, for messages. */
    String describe();

    @Override
    void close();
}
