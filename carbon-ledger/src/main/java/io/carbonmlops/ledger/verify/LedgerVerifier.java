package io.carbonmlops.ledger.verify;

import io.carbonmlops.ledger.ChainHash;
import io.carbonmlops.ledger.StoredEntry;
import io.carbonmlops.ledger.keys.TrustList;
import io.carbonmlops.ledger.store.LedgerStore;
import io.carbonmlops.ledger.store.MalformedRowException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Recomputes every hash and signature of a ledger (or a range of it) and names the first broken entry.
 *
 * <p>Entries are read in pages of {@value #PAGE_SIZE} in seq order; the next page is read while the current one is
 * checked. The checks of one entry that need no neighbour (payload, stored hash, columns, signature: see
 * {@link BreakReason}) run on {@link VerifyOptions#threads()} threads; then one pass in seq order checks that seq
 * numbers have no gaps and that each {@code prev_hash} is the recomputed hash of the entry before. Verification stops
 * at the first break, in seq order.
 *
 * <p>Ed25519 verification with the JDK's EdDSA costs about 0.5 ms per entry and core on Java 17 and dominates the
 * time; a {@link Checkpoint} from an earlier run lets the entries it covers skip it, and the canonical-form and
 * schema checks as well (docs/benchmarks.md). A range that ends before the checkpoint is walked on to it (hashes,
 * links and columns), because only the chain up to its hash proves the range unchanged. Where a verification that
 * spared entries finds a break, nothing before the break is proven by the checkpoint any more: the range is verified
 * again in full, the checkpoint serving only as an anchor, so the first break named is the first in fact.
 */
public final class LedgerVerifier {
    static final int PAGE_SIZE = 4096;

    private LedgerVerifier() {}

    public static VerificationReport verify(LedgerStore store, VerifyOptions options) {
        ExecutorService workers = Executors.newFixedThreadPool(options.threads(), daemon("carbon-ledger-verify"));
        ExecutorService reader = Executors.newSingleThreadExecutor(daemon("carbon-ledger-read"));
        try {
            Run run = new Run(store, options, workers, reader, true);
            VerificationReport report = run.verify();
            if (report.intact() || !run.sparedCoveredEntries()) {
                return report;
            }
            // The entries before the break were spared as the checkpoint's, but the chain from them to its hash is
            // broken, so the checkpoint vouches for none of them: they are checked again in full, the checkpoint kept
            // only as an anchor (truncation and rewriting are still named).
            VerificationReport full = new Run(store, options, workers, reader, false).verify();
            List<String> notes = new ArrayList<>(full.notes());
            notes.add(0, "the verification from the checkpoint at seq " + run.checkpoint.orElseThrow().seq()
                    + " broke at " + report.firstBreak().get().describe() + "; the checkpoint vouches for nothing "
                    + "before that, so every entry was checked again in full, signatures included");
            return new VerificationReport(full.entriesChecked(), full.lastSeq(), full.lastHash(), full.firstBreak(),
                    full.entriesByKey(), full.signerNames(), full.unsigned(), full.signaturesReused(),
                    full.checkpoint(), notes);
        } finally {
            workers.shutdownNow();
            reader.shutdownNow();
        }
    }

    /**
     * Checks entries one by one, without their neighbours: what a gate asks of the entries it sums. The trust list
     * decides who counts; an empty one trusts nobody.
     */
    public static List<EntryVerdict> check(LedgerStore store, List<StoredEntry> entries, TrustList trust) {
        SignerKeys keys = new SignerKeys(Optional.of(trust), store);
        SignerKeys anyKey = new SignerKeys(Optional.empty(), store);
        List<EntryVerdict> verdicts = new ArrayList<>();
        Map<UUID, Long> firstSeq = new HashMap<>();
        for (StoredEntry entry : entries) {
            Long earlier = firstSeq.putIfAbsent(entry.signed().entryId(), entry.seq());
            verdicts.add(earlier == null ? verdict(entry, keys, anyKey) : new EntryVerdict(entry,
                    EntryVerdict.Status.INVALID, Optional.empty(), "the same entry is stored at seq " + earlier
                            + ": a replay, counted once"));
        }
        return verdicts;
    }

    private static EntryVerdict verdict(StoredEntry entry, SignerKeys trusted, SignerKeys anyKey) {
        RowCheck.Result result = RowCheck.check(entry, trusted, false, false);
        if (result.problem().isEmpty()) {
            if (!entry.signed().isSigned()) {
                return new EntryVerdict(entry, EntryVerdict.Status.UNSIGNED, Optional.empty(), "unsigned");
            }
            return new EntryVerdict(entry, EntryVerdict.Status.TRUSTED, trusted.name(entry.signed().keyId()), "");
        }
        if (result.unknownKey()) {
            // Not a key we trust: is it at least intact under the key the ledger holds for it?
            RowCheck.Result underOwnKey = RowCheck.check(entry, anyKey, false, false);
            if (underOwnKey.problem().isEmpty()) {
                return new EntryVerdict(entry, EntryVerdict.Status.UNTRUSTED_KEY, Optional.empty(),
                        "signed by key " + entry.signed().keyId() + ", which the trust list does not name");
            }
            return new EntryVerdict(entry, EntryVerdict.Status.INVALID, Optional.empty(),
                    underOwnKey.problem().get().describe());
        }
        return new EntryVerdict(entry, EntryVerdict.Status.INVALID, Optional.empty(), result.problem().get().describe());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One verification: its state as it walks the chain. */
    private static final class Run {
        private final LedgerStore store;
        private final VerifyOptions options;
        private final ExecutorService workers;
        private final ExecutorService reader;
        private final SignerKeys keys;
        private final Optional<Checkpoint> checkpoint;
        private final List<String> notes = new ArrayList<>();
        private final Map<String, Long> byKey = new HashMap<>();
        private final Map<String, String> names = new HashMap<>();
        private final SeenEntries seen = new SeenEntries();
        private long checked;
        private long unsigned;
        private long reused;
        private long expectedSeq;
        private String prevHash;
        /** Whether entries up to the checkpoint skip the checks their hash proves (false: it is an anchor only). */
        private final boolean spareCovered;
        /** Where the walk ends: the range's end, or the checkpoint after it, which links the range to its hash. */
        private final long walkTo;
        private long rangeLastSeq;
        private String rangeLastHash;

        Run(LedgerStore store, VerifyOptions options, ExecutorService workers, ExecutorService reader,
                boolean spareCovered) {
            this.store = store;
            this.options = options;
            this.workers = workers;
            this.reader = reader;
            this.keys = new SignerKeys(options.trust(), store);
            this.checkpoint = usableCheckpoint();
            this.spareCovered = spareCovered;
            this.walkTo = spareCovered ? checkpoint.filter(cp -> cp.seq() >= options.fromSeq()
                    && cp.seq() > options.toSeq()).map(Checkpoint::seq).orElse(options.toSeq()) : options.toSeq();
        }

        /** True when some entry of the range was spared checks because the checkpoint covers it. */
        boolean sparedCoveredEntries() {
            return spareCovered && checkpoint.filter(cp -> cp.seq() >= options.fromSeq()).isPresent();
        }

        private Optional<Checkpoint> usableCheckpoint() {
            Optional<Checkpoint> given = options.checkpoint();
            if (given.isPresent() && !given.get().covers(store.describe(), options.trustFingerprint(),
                    options.requireSigned())) {
                notes.add("checkpoint ignored: it was made for another ledger, trust list or --require-signed setting; "
                        + "every signature is checked");
                return Optional.empty();
            }
            return given;
        }

        VerificationReport verify() {
            Optional<ChainBreak> broken = start();
            long last = walkTo;
            // From the start means every row: one stored below seq 1 is named, not left out of the walk.
            long after = options.fromSeq() == 1 ? Long.MIN_VALUE : options.fromSeq() - 1;
            Future<List<StoredEntry>> next = broken.isPresent() ? null : read(after, last);
            while (broken.isEmpty()) {
                List<StoredEntry> page;
                try {
                    page = next.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof MalformedRowException malformed) {
                        broken = beforeUnreadable(after, malformed);
                        break;
                    }
                    throw rethrow(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("verification interrupted", e);
                }
                if (page.isEmpty()) {
                    break;
                }
                after = page.get(page.size() - 1).seq();
                next = page.size() < PAGE_SIZE ? CompletableFuture.completedFuture(List.of()) : read(after, last);
                broken = checkPage(page);
            }
            if (broken.isEmpty()) {
                broken = finish();
            }
            return report(broken);
        }

        /** Where the range starts: the genesis, or the stored hash of the entry before the range. */
        private Optional<ChainBreak> start() {
            expectedSeq = options.fromSeq();
            prevHash = ChainHash.GENESIS;
            if (options.fromSeq() > 1) {
                Optional<StoredEntry> before = store.bySeq(options.fromSeq() - 1);
                if (before.isEmpty()) {
                    notes.add("entry " + (options.fromSeq() - 1) + " before the range does not exist; the range's first "
                            + "link is not checked");
                    prevHash = null;
                } else {
                    prevHash = before.get().entryHash();
                    notes.add("the range starts after entry " + before.get().seq() + " as stored; verify from 1 to check "
                            + "what comes before");
                }
            }
            return Optional.empty();
        }

        private Future<List<StoredEntry>> read(long after, long last) {
            return reader.submit(() -> store.page(after, last, PAGE_SIZE));
        }

        private Optional<ChainBreak> checkPage(List<StoredEntry> page) {
            List<RowCheck.Result> results = checkInParallel(page);
            for (int i = 0; i < page.size(); i++) {
                StoredEntry row = page.get(i);
                RowCheck.Result result = results.get(i);
                Optional<ChainBreak> broken = link(row, result);
                if (broken.isPresent()) {
                    return broken;
                }
                prevHash = result.hash();
                expectedSeq = row.seq() + 1;
                if (row.seq() <= options.toSeq()) {
                    count(row);
                    rangeLastSeq = row.seq();
                    rangeLastHash = prevHash;
                }
            }
            return Optional.empty();
        }

        private Optional<ChainBreak> link(StoredEntry row, RowCheck.Result result) {
            String id = row.signed().entryId().toString();
            if (row.seq() < 1) {
                return Optional.of(new ChainBreak(row.seq(), id, BreakReason.MALFORMED, "a row at seq " + row.seq()
                        + ": the chain starts at seq 1, so no append made it"));
            }
            if (row.seq() != expectedSeq && prevHash != null) {
                String missing = row.seq() - 1 == expectedSeq ? "entry " + expectedSeq
                        : "entries " + expectedSeq + " to " + (row.seq() - 1);
                return Optional.of(new ChainBreak(row.seq(), id, BreakReason.MISSING_ENTRIES, missing
                        + " before it are missing (deleted)"));
            }
            if (result.problem().isPresent()) {
                return result.problem();
            }
            if (prevHash != null && !row.prevHash().equals(prevHash)) {
                return Optional.of(new ChainBreak(row.seq(), id, BreakReason.LINK_MISMATCH, "its prev_hash "
                        + row.prevHash() + " is not the hash of entry " + (row.seq() - 1) + " (" + prevHash
                        + "): entry " + (row.seq() - 1) + " was changed, replaced or moved"));
            }
            OptionalLong earlier = seen.firstSeqIfSeen(row.signed().entryId(), row.seq());
            if (earlier.isPresent()) {
                return Optional.of(new ChainBreak(row.seq(), id, BreakReason.DUPLICATE_ENTRY, "entry " + id
                        + " is stored at seq " + earlier.getAsLong() + " too: one record stored twice (a replay) "
                        + "would be counted twice"));
            }
            return anchorAt(row, result.hash());
        }

        private Optional<ChainBreak> anchorAt(StoredEntry row, String hash) {
            for (Anchor anchor : anchors()) {
                if (anchor.seq() == row.seq() && !anchor.entryHash().equals(hash)) {
                    return Optional.of(new ChainBreak(row.seq(), row.signed().entryId().toString(),
                            BreakReason.ANCHOR_MISMATCH, "its hash is " + hash + " but the anchor recorded "
                            + anchor.entryHash() + ": the ledger up to here was rewritten"));
                }
            }
            return Optional.empty();
        }

        private List<Anchor> anchors() {
            List<Anchor> anchors = new ArrayList<>();
            options.anchor().ifPresent(anchors::add);
            checkpoint.map(Checkpoint::anchor).ifPresent(anchors::add);
            return anchors;
        }

        private List<RowCheck.Result> checkInParallel(List<StoredEntry> page) {
            int chunks = Math.min(page.size(), options.threads() * 4);
            List<Future<List<RowCheck.Result>>> futures = new ArrayList<>();
            for (int c = 0; c < chunks; c++) {
                List<StoredEntry> slice = page.subList(page.size() * c / chunks, page.size() * (c + 1) / chunks);
                futures.add(workers.submit(() -> {
                    List<RowCheck.Result> results = new ArrayList<>(slice.size());
                    for (StoredEntry row : slice) {
                        boolean covered = spareCovered && checkpoint.map(cp -> row.seq() <= cp.seq()).orElse(false);
                        results.add(RowCheck.check(row, keys, options.requireSigned(), covered));
                    }
                    return results;
                }));
            }
            List<RowCheck.Result> results = new ArrayList<>(page.size());
            for (Future<List<RowCheck.Result>> future : futures) {
                try {
                    results.addAll(future.get());
                } catch (ExecutionException e) {
                    throw rethrow(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("verification interrupted", e);
                }
            }
            return results;
        }

        private void count(StoredEntry row) {
            checked++;
            if (!row.signed().isSigned()) {
                unsigned++;
                return;
            }
            String keyId = row.signed().keyId();
            byKey.merge(keyId, 1L, Long::sum);
            keys.name(keyId).ifPresent(name -> names.put(keyId, name));
            if (spareCovered && checkpoint.isPresent() && row.seq() <= checkpoint.get().seq()) {
                reused++;
            }
        }

        /** After the last page: anchors beyond the end mean the tail was cut off. */
        private Optional<ChainBreak> finish() {
            long lastSeq = expectedSeq - 1;
            for (Anchor anchor : anchors()) {
                if (anchor.seq() > lastSeq && anchor.seq() <= walkTo) {
                    return Optional.of(new ChainBreak(anchor.seq(), null, BreakReason.TRUNCATED, "the ledger ends at "
                            + "seq " + lastSeq + " but an anchor or checkpoint recorded entry " + anchor.seq()
                            + ": entries at its end were deleted"));
                }
            }
            return Optional.empty();
        }

        /**
         * A page could not be read because of the row at {@code malformed.seq()}: the rows before it in that page are
         * checked first, so that an earlier break is still the one named (the first in seq order).
         */
        private Optional<ChainBreak> beforeUnreadable(long after, MalformedRowException malformed) {
            List<StoredEntry> readable = malformed.seq() > after && malformed.seq() - 1 > after
                    ? store.page(after, malformed.seq() - 1, PAGE_SIZE) : List.of();
            Optional<ChainBreak> earlier = readable.isEmpty() ? Optional.empty() : checkPage(readable);
            return earlier.isPresent() ? earlier : Optional.of(malformedRow(malformed));
        }

        private ChainBreak malformedRow(MalformedRowException e) {
            return new ChainBreak(e.seq(), null, BreakReason.MALFORMED, e.getMessage());
        }

        private VerificationReport report(Optional<ChainBreak> broken) {
            long lastSeq = rangeLastSeq;
            String lastHash = rangeLastHash == null ? ChainHash.GENESIS : rangeLastHash;
            Optional<Checkpoint> next = Optional.empty();
            if (broken.isEmpty() && checked > 0 && options.fromSeq() == 1) {
                next = Optional.of(new Checkpoint(store.describe(), lastSeq, lastHash, options.trustFingerprint(),
                        options.requireSigned()));
            }
            if (reused > 0) {
                notes.add(reused + " signatures up to the checkpoint at seq " + checkpoint.get().seq()
                        + " were not checked again, nor canonical form and schema (the chain still reaches its hash)");
            }
            return new VerificationReport(checked, lastSeq, lastHash, broken, byKey, names, unsigned, reused, next, notes);
        }

        private static RuntimeException rethrow(Throwable cause) {
            if (cause instanceof RuntimeException runtime) {
                return runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            return new IllegalStateException(cause);
        }
    }
}
