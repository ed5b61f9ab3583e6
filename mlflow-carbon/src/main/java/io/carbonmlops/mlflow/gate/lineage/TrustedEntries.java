package io.carbonmlops.mlflow.gate.lineage;

import io.carbonmlops.ledger.CarbonLedger;
import io.carbonmlops.ledger.EntryKind;
import io.carbonmlops.ledger.StoredEntry;
import io.carbonmlops.ledger.keys.TrustList;
import io.carbonmlops.ledger.store.EntryQuery;
import io.carbonmlops.ledger.verify.EntryVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Reads measurement entries from the ledger and keeps only those each checked on its own (hash, indexed columns,
 * signature) and signed by a key of the policy's trust list, and, when a rule names one, by that signer. Counts
 * what it left out, so explanations can say why a run "has no carbon record". Not thread-safe: one per decision.
 */
public final class TrustedEntries {
    private final CarbonLedger ledger;
    private final TrustList trust;
    private final Optional<String> signedBy;
    private final Set<UUID> seen = new LinkedHashSet<>();
    private final Map<String, Integer> skipped = new TreeMap<>();

    public TrustedEntries(CarbonLedger ledger, TrustList trust, Optional<String> signedBy) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.signedBy = Objects.requireNonNull(signedBy, "signedBy");
    }

    /**
     * The counted measurement entries matching {@code query}, in chain order.
     *
     * @throws TooManyEntriesException when the query reaches {@link EntryQuery#MAX_LIMIT} entries: the rest could not
     *                                 be read, and a partial figure would be too low
     * @throws io.carbonmlops.ledger.LedgerException when the ledger cannot be read
     */
    public List<CarbonEntry> find(EntryQuery query) {
        List<StoredEntry> stored = ledger.entries(query.kind(EntryKind.MEASUREMENT).limit(EntryQuery.MAX_LIMIT));
        if (stored.size() >= EntryQuery.MAX_LIMIT) {
            throw new TooManyEntriesException("more than " + EntryQuery.MAX_LIMIT + " ledger entries match one query;"
                    + " refusing rather than judging a partial figure");
        }
        List<CarbonEntry> counted = new ArrayList<>();
        for (EntryVerdict verdict : ledger.check(stored, trust)) {
            if (!seen.add(verdict.entry().signed().entryId())) {
                continue; // read before by another query of this decision
            }
            if (!verdict.trusted()) {
                skip(switch (verdict.status()) {
                    case UNSIGNED -> "unsigned";
                    case UNTRUSTED_KEY -> "signed by a key the trust list does not name";
                    default -> "failing verification (" + verdict.detail() + ")";
                });
            } else if (signedBy.isPresent() && !verdict.signedBy(signedBy.get())) {
                skip("signed by '" + verdict.signerName().orElse("?") + "', not by '" + signedBy.get()
                        + "' as the rule requires");
            } else {
                counted.add(CarbonEntry.of(verdict));
            }
        }
        return counted;
    }

    /** The counted entries of many runs ({@link EntryQuery#MAX_RUN_IDS} per query). */
    public Map<String, List<CarbonEntry>> ofRuns(Set<String> runIds) {
        Map<String, List<CarbonEntry>> byRun = new LinkedHashMap<>();
        runIds.forEach(id -> byRun.put(id, new ArrayList<>()));
        List<String> ids = List.copyOf(runIds);
        for (int from = 0; from < ids.size(); from += EntryQuery.MAX_RUN_IDS) {
            Set<String> chunk = Set.copyOf(ids.subList(from, Math.min(ids.size(), from + EntryQuery.MAX_RUN_IDS)));
            for (CarbonEntry entry : find(EntryQuery.all().runIds(chunk))) {
                byRun.computeIfAbsent(entry.countedAs(), k -> new ArrayList<>()).add(entry);
            }
        }
        return byRun;
    }

    /** "ledger entries not counted: 1 unsigned, 2 signed by a key the trust list does not name", or empty. */
    public Optional<String> skippedNote() {
        if (skipped.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        skipped.forEach((why, count) -> parts.add(count + " " + why));
        return Optional.of("ledger entries not counted: " + String.join(", ", parts));
    }

    private void skip(String why) {
        skipped.merge(why, 1, Integer::sum);
    }

    /** The ledger holds more matching entries than one read returns. */
    public static final class TooManyEntriesException extends RuntimeException {
        TooManyEntriesException(String message) {
            super(message);
        }
    }
}
