package io.carbonmlops.ledger;

import io.carbonmlops.ledger.keys.PublicKeys;
import io.carbonmlops.ledger.keys.Signatures;
import io.carbonmlops.ledger.keys.SigningKey;
import io.carbonmlops.ledger.keys.TrustList;
import io.carbonmlops.ledger.store.AppendResult;
import io.carbonmlops.ledger.store.EntryQuery;
import io.carbonmlops.ledger.store.LedgerStore;
import io.carbonmlops.ledger.store.LedgerStores;
import io.carbonmlops.ledger.verify.EntryVerdict;
import io.carbonmlops.ledger.verify.LedgerVerifier;
import io.carbonmlops.ledger.verify.VerificationReport;
import io.carbonmlops.ledger.verify.VerifyOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The ledger for JVM code: sign entries, append them (or spool them when the ledger is unreachable), read, check
 * and verify.
 *
 * <pre>
 * try (CarbonLedger ledger = CarbonLedger.open(LedgerConfig.fromEnvironment(System.getenv()))) {
 *     LedgerEntry entry = MeasurementEntries.of(measurement, exitCode, footprint, attribution, Instant.now());
 *     SignedEntry signed = ledger.sign(entry);          // any thread; no I/O
 *     CarbonLedger.Delivery d = ledger.record(signed);   // appended, or spooled for 'carbon ledger flush'
 * }
 * </pre>
 *
 * <p>{@link #open} reads the signing key but does not connect: the store is opened on first use, so an unreachable
 * ledger costs nothing until an entry is recorded, and {@link #record} then spools instead of failing. Thread-safe.
 */
public final class CarbonLedger implements AutoCloseable {
    /** {@link #record} flushes at most this many spooled entries after a successful append. */
    static final int FLUSH_AFTER_APPEND_LIMIT = 1000;

    private final LedgerConfig config;
    private final Optional<SigningKey> signingKey;
    private final LedgerSpool spool;
    private LedgerStore store;

    private CarbonLedger(LedgerConfig config, Optional<SigningKey> signingKey) {
        this.config = config;
        this.signingKey = signingKey;
        this.spool = new LedgerSpool(config.spoolBase(), config.location().describe());
    }

    /**
     * @throws UncheckedIOException when the signing key file cannot be read (the message names the file, never the key)
     */
    public static CarbonLedger open(LedgerConfig config) {
        Optional<SigningKey> key = Optional.empty();
        if (config.signingKeyFile().isPresent()) {
            try {
                key = Optional.of(SigningKey.load(config.signingKeyFile().get()));
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        return new CarbonLedger(config, key);
    }

    /** The ledger with an already loaded key (a Jenkins credential, a test). */
    public static CarbonLedger open(LedgerConfig config, SigningKey key) {
        return new CarbonLedger(config, Optional.of(key));
    }

    public Optional<SigningKey> signingKey() {
        return signingKey;
    }

    /** Signs with the configured key; unsigned when there is none. No I/O: call it anywhere, before the append. */
    public SignedEntry sign(LedgerEntry entry) {
        return signingKey.map(key -> key.sign(entry)).orElseGet(() -> SignedEntry.unsigned(entry));
    }

    /**
     * Appends now.
     *
     * @throws LedgerUnavailableException when the ledger cannot be reached (nothing appended)
     * @throws EntryConflictException     when the entry id is taken by another record
     */
    public AppendResult append(SignedEntry entry) {
        return store().append(entry);
    }

    /** What became of a recorded entry: appended (see {@link #appended()}) or spooled (see {@link #spooledTo()}). */
    public record Delivery(UUID entryId, Optional<AppendResult> appended, Optional<Path> spooledTo,
            Optional<String> error) {
        public boolean isAppended() {
            return appended.isPresent();
        }
    }

    /**
     * Appends the entry, or, when the ledger cannot be reached or used now, keeps it in the spool for a later
     * {@link #flushSpool} (or {@code carbon ledger flush}); after a successful append, spooled entries are appended
     * too. Nothing is lost unless the spool itself cannot be written, which throws.
     *
     * @throws EntryConflictException when the entry id is taken by another record
     * @throws UncheckedIOException   when the ledger is unreachable and the spool cannot be written either
     */
    public Delivery record(SignedEntry entry) {
        AppendResult result;
        try {
            result = append(entry);
        } catch (EntryConflictException e) {
            throw e;
        } catch (RuntimeException e) {
            // Unreachable, or not usable now (schema missing, permissions, a driver failing to load): keep the entry.
            Path file = spool.put(entry, e.getMessage());
            return new Delivery(entry.entryId(), Optional.empty(), Optional.of(file), Optional.of(e.getMessage()));
        }
        try {
            if (spool.size() > 0) {
                flushSpool(FLUSH_AFTER_APPEND_LIMIT);
            }
        } catch (RuntimeException e) {
            // The entry is appended; the spool waits for 'carbon ledger flush', which reports what failed.
        }
        return new Delivery(entry.entryId(), Optional.of(result), Optional.empty(), Optional.empty());
    }

    /** Signs the entry with the configured key (unsigned without one) and {@linkplain #record(SignedEntry) records} it. */
    public Delivery record(LedgerEntry entry) {
        return record(sign(entry));
    }

    /** The outcome of a flush. */
    public record FlushResult(int appended, int alreadyPresent, int rejected, int remaining, List<String> problems) {}

    /** Appends every spooled entry in spool order, each exactly once; stops at the first unreachable moment. */
    public FlushResult flushSpool() {
        return flushSpool(Integer.MAX_VALUE);
    }

    FlushResult flushSpool(int limit) {
        List<String> problems = new ArrayList<>();
        int appended = 0;
        int present = 0;
        int rejected = 0;
        List<LedgerSpool.Spooled> entries = spool.entries(problems);
        for (LedgerSpool.Spooled spooled : entries.subList(0, Math.min(limit, entries.size()))) {
            try {
                requireIntact(spooled.entry());
                AppendResult result = append(spooled.entry());
                spool.remove(spooled);
                if (result.alreadyPresent()) {
                    present++;
                } else {
                    appended++;
                }
            } catch (LedgerUnavailableException e) {
                problems.add("ledger unreachable, " + spool.size() + " entries stay spooled: " + e.getMessage());
                break;
            } catch (LedgerException e) {
                Path file = spool.reject(spooled, e.getMessage());
                problems.add("entry " + spooled.entry().entryId() + " refused for good, moved to " + file + ": "
                        + e.getMessage());
                rejected++;
            } catch (RuntimeException e) {
                // Not the entry's fault as far as we know: it stays spooled, and the others are still tried.
                problems.add("entry " + spooled.entry().entryId() + " stays spooled in " + spooled.file() + ": " + e);
            }
        }
        return new FlushResult(appended, present, rejected, spool.size(), problems);
    }

    /**
     * A spool file is plain text that anyone who can write the spool can edit: a signed entry whose signature no
     * longer holds would break verification of the whole ledger from its seq on, so it is refused before the append.
     */
    private static void requireIntact(SignedEntry entry) {
        if (!entry.isSigned()) {
            return;
        }
        boolean holds;
        try {
            holds = entry.publicKey() != null
                    && Signatures.verify(PublicKeys.parse(entry.publicKey()), entry.payload(), entry.signature());
        } catch (IllegalArgumentException e) {
            holds = false;
        }
        if (!holds) {
            throw new LedgerException("spooled entry " + entry.entryId() + ": its signature does not verify with the "
                    + "public key it carries (the spool file was changed after signing)");
        }
    }

    public VerificationReport verify(VerifyOptions options) {
        return LedgerVerifier.verify(store(), options);
    }

    public List<StoredEntry> entries(EntryQuery query) {
        return store().find(query);
    }

    /** Per-entry verdicts under {@code trust}: what a gate counts (only {@link EntryVerdict#trusted()} ones). */
    public List<EntryVerdict> check(List<StoredEntry> entries, TrustList trust) {
        return LedgerVerifier.check(store(), entries, trust);
    }

    public Optional<StoredEntry> head() {
        return store().head();
    }

    /**
     * The store, opened on first use.
     *
     * @throws LedgerUnavailableException when it cannot be reached now
     */
    public synchronized LedgerStore store() {
        if (store == null) {
            store = LedgerStores.open(config.location(), config.timeout());
        }
        return store;
    }

    public LedgerSpool spool() {
        return spool;
    }

    public LedgerConfig config() {
        return config;
    }

    @Override
    public synchronized void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
