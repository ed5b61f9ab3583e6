package io.carbonmlops.reports;

import io.carbonmlops.ledger.keys.TrustList;
import io.carbonmlops.ledger.store.EntryQuery;
import io.carbonmlops.ledger.store.GroupBy;
import io.carbonmlops.ledger.store.GroupDetail;
import io.carbonmlops.ledger.store.GroupTotals;
import io.carbonmlops.ledger.store.IntensityUse;
import io.carbonmlops.ledger.store.LedgerStore;
import io.carbonmlops.ledger.verify.LedgerVerifier;
import io.carbonmlops.ledger.verify.VerificationReport;
import io.carbonmlops.ledger.verify.VerifyOptions;
import io.carbonmlops.mlflow.gate.policy.MonthlyBudget;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Builds a {@link CarbonReport} from a ledger: every sum in SQL over the entries whose {@code occurred_at} falls in
 * the period ({@link LedgerStore#groupTotals} and companions), and the entries' seq range verified with
 * {@link LedgerVerifier} (hash chain, columns, signatures; with a trust list, only its keys). Given a second
 * connection to the same ledger, the verification runs on it while the sums run on the first: the sums are
 * single-threaded SQL, the verification uses the other cores.
 */
public final class LedgerReports {
    private static final int TOP_MODELS = 10;

    private final LedgerStore store;
    private final LedgerStore verifyStore;
    private final VerifyOptions verifyOptions;
    private final Optional<TrustList> trust;
    private final Clock clock;
    private Optional<io.carbonmlops.ledger.verify.Checkpoint> lastCheckpoint = Optional.empty();

    /**
     * @param verifyOptions how to verify (trust list, checkpoint, threads); its range is set to the period's entries
     */
    public LedgerReports(LedgerStore store, VerifyOptions verifyOptions, Clock clock) {
        this(store, store, verifyOptions, clock);
    }

    /**
     * @param verifyStore another connection to the same ledger, for the verification to run beside the sums; the
     *                    same store makes them run one after the other
     */
    public LedgerReports(LedgerStore store, LedgerStore verifyStore, VerifyOptions verifyOptions, Clock clock) {
        this.store = store;
        this.verifyStore = verifyStore;
        this.verifyOptions = verifyOptions;
        this.trust = verifyOptions.trust();
        this.clock = clock;
    }

    public CarbonReport build(ReportRequest request) {
        EntryQuery period = EntryQuery.all().between(request.from(), request.to());
        List<GroupTotals> totals = store.groupTotals(period, request.groupBy());
        CompletableFuture<Verification> verifying = verifyStore == store
                ? CompletableFuture.completedFuture(verify(totals)) : verifyBeside(totals);
        Map<String, double[]> devices = new HashMap<>();
        for (GroupDetail d : store.groupDevices(period, request.groupBy())) {
            double[] sums = devices.computeIfAbsent(name(d.group()), g -> new double[2]);
            sums[0] += d.estimatedJoules();
            sums[1] += d.deviceJoules();
        }
        List<IntensityUse> uses = store.groupIntensities(period, request.groupBy());
        Map<String, List<String>> sources = sources(uses);
        Map<String, Double> itKwh = new HashMap<>();
        uses.forEach(use -> itKwh.merge(name(use.group()), use.itKwh(), Double::sum));
        Map<String, ReportLine.Shift> shifts = new HashMap<>();
        uses.forEach(use -> shifts.merge(name(use.group()), new ReportLine.Shift(use.shifted(), use.shiftSavedKg(),
                use.shiftRunNowCo2eKg()), ReportLine.Shift::plus));
        Map<String, List<String>> refs = new HashMap<>();
        store.forEachEntryRef(period, request.groupBy(),
                ref -> refs.computeIfAbsent(name(ref.group()), g -> new ArrayList<>()).add(ref.entryId()));
        Verification verification = joined(verifying);

        List<ReportLine> lines = new ArrayList<>();
        byGroup(totals).forEach((group, rows) -> lines.add(line(request, group, rows, itKwh.getOrDefault(group, 0.0),
                devices.get(group),
                sources.getOrDefault(group, List.of()), refs.getOrDefault(group, List.of()), verification,
                shifts.getOrDefault(group, ReportLine.Shift.NONE))));
        lines.sort(Comparator.comparingDouble(ReportLine::co2eLocationKg).reversed()
                .thenComparing(ReportLine::group));

        List<GroupTotals> byTeam = request.groupBy() == GroupBy.TEAM ? totals : store.groupTotals(period, GroupBy.TEAM);
        double estimatedJ = devices.values().stream().mapToDouble(d -> d[0]).sum();
        double deviceJ = devices.values().stream().mapToDouble(d -> d[1]).sum();
        return new CarbonReport(request, clock.instant(), "ledger " + store.describe(), verification, lines,
                budgets(request, period, byTeam), monthly(byTeam), topModels(period, request, totals),
                (deviceJ - estimatedJ) / 3.6e6, estimatedJ / 3.6e6, "ledger entries");
    }

    /** The checkpoint of the last intact verification (to keep for the next report or verify). */
    public Optional<io.carbonmlops.ledger.verify.Checkpoint> lastCheckpoint() {
        return lastCheckpoint;
    }

    /** The verification's result, or what it threw, as it threw it (a ledger that cannot be read, …). */
    private static Verification joined(CompletableFuture<Verification> verifying) {
        try {
            return verifying.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private CompletableFuture<Verification> verifyBeside(List<GroupTotals> totals) {
        return CompletableFuture.supplyAsync(() -> verify(totals), task -> {
            Thread thread = new Thread(task, "carbon-report-verify");
            thread.setDaemon(true);
            thread.start();
        });
    }

    private Verification verify(List<GroupTotals> totals) {
        if (totals.isEmpty()) {
            return new Verification(true, "no ledger entries in the period: nothing to verify", Optional.empty(),
                    List.of());
        }
        long from = totals.stream().mapToLong(GroupTotals::minSeq).min().orElseThrow();
        long to = totals.stream().mapToLong(GroupTotals::maxSeq).max().orElseThrow();
        VerificationReport report = LedgerVerifier.verify(verifyStore, verifyOptions.range(from, to));
        lastCheckpoint = report.checkpoint();
        List<String> details = new ArrayList<>(report.notes());
        report.entriesByKey().forEach((key, count) -> details.add(count + " entries signed by "
                + report.signerNames().getOrDefault(key, "key " + key.substring(0, 12) + "…")));
        if (report.unsigned() > 0) {
            details.add(report.unsigned() + " unsigned entries (no signer vouches for them)");
        }
        if (report.signaturesReused() > 0) {
            details.add(report.signaturesReused() + " signatures vouched for by the checkpoint, not re-checked");
        }
        String trustText = trust.map(t -> " against the trust list (" + t.keys().size() + " keys)")
                .orElse(" with the keys the ledger holds (no trust list: proves integrity, not who signed)");
        if (report.intact()) {
            return new Verification(true, "ledger verified over seq " + from + ".." + to + " (" + report.entriesChecked()
                    + " entries: hash chain, indexed columns, signatures" + trustText + "): intact", Optional.empty(),
                    details);
        }
        var broken = report.firstBreak().get();
        return new Verification(false, "ledger verification over seq " + from + ".." + to + " FAILED at "
                + broken.describe() + "; figures from that entry on are not verified", Optional.of(broken.seq()),
                details);
    }

    private static Map<String, List<GroupTotals>> byGroup(List<GroupTotals> totals) {
        Map<String, List<GroupTotals>> groups = new TreeMap<>();
        totals.forEach(t -> groups.computeIfAbsent(name(t.group()), g -> new ArrayList<>()).add(t));
        return groups;
    }

    private ReportLine line(ReportRequest request, String group, List<GroupTotals> rows, double itKwh, double[] devices,
            List<String> sources, List<String> refs, Verification verification, ReportLine.Shift shift) {
        long records = rows.stream().mapToLong(GroupTotals::entries).sum();
        double location = rows.stream().mapToDouble(GroupTotals::co2eKg).sum();
        double contractual = rows.stream().mapToDouble(GroupTotals::co2eContractualKg).sum();
        double locationOfContractual = rows.stream().mapToDouble(GroupTotals::co2eLocationOfContractualKg).sum();
        long contractualRecords = rows.stream().mapToLong(GroupTotals::contractualEntries).sum();
        double facility = rows.stream().mapToDouble(GroupTotals::facilityKwh).sum();
        long minSeq = rows.stream().mapToLong(GroupTotals::minSeq).min().orElse(0);
        long maxSeq = rows.stream().mapToLong(GroupTotals::maxSeq).max().orElse(0);
        long trusted = rows.stream().filter(r -> r.keyId() != null && isTrusted(r.keyId()))
                .mapToLong(GroupTotals::entries).sum();
        long unsigned = rows.stream().filter(r -> r.keyId() == null).mapToLong(GroupTotals::entries).sum();
        OptionalDouble estimatedShare = devices != null && devices[1] > 0 ? OptionalDouble.of(devices[0] / devices[1])
                : OptionalDouble.empty();
        return new ReportLine(group, records, itKwh, facility, location,
                location - locationOfContractual + contractual, contractualRecords,
                Scope2.marketBasis(contractualRecords, records), Prices.electricity(request, facility),
                Prices.carbon(request, location), estimatedShare, refs, minSeq + ".." + maxSeq, sources, trusted,
                unsigned, lineVerification(verification, minSeq, maxSeq), shift);
    }

    private boolean isTrusted(String keyId) {
        return trust.map(t -> t.byKeyId(keyId).isPresent()).orElse(true);
    }

    private static String lineVerification(Verification verification, long minSeq, long maxSeq) {
        if (verification.breakSeq().isEmpty()) {
            return verification.verified() ? "verified" : "unverified";
        }
        long broken = verification.breakSeq().get();
        return maxSeq < broken ? "verified (all entries before the break at seq " + broken + ")"
                : "NOT verified: the chain breaks at seq " + broken + (minSeq < broken ? ", within this line's entries"
                        : ", before this line's entries");
    }

    /** Per group: each source (over all months), most used first. */
    private static Map<String, List<String>> sources(List<IntensityUse> uses) {
        Map<String, Map<List<String>, Long>> counts = new HashMap<>();
        for (IntensityUse use : uses) {
            counts.computeIfAbsent(name(use.group()), g -> new LinkedHashMap<>()).merge(
                    java.util.Arrays.asList(use.zone(), use.source(), use.kind(), use.year()), use.entries(), Long::sum);
        }
        Map<String, List<String>> sources = new HashMap<>();
        counts.forEach((group, bySource) -> sources.put(group, bySource.entrySet().stream()
                .sorted(Map.Entry.<List<String>, Long>comparingByValue().reversed())
                .map(e -> Scope2.describe(e.getKey().get(0), e.getKey().get(1), e.getKey().get(2), e.getKey().get(3),
                        e.getValue())).toList()));
        return sources;
    }

    private List<BudgetLine> budgets(ReportRequest request, EntryQuery period, List<GroupTotals> byTeam) {
        List<BudgetLine> lines = new ArrayList<>();
        List<GroupTotals> byProject = null;
        for (MonthlyBudget budget : request.budgets()) {
            List<GroupTotals> rows;
            if (budget.dimension() == MonthlyBudget.Dimension.TEAM) {
                rows = byTeam;
            } else {
                byProject = byProject != null ? byProject : store.groupTotals(period, GroupBy.PROJECT);
                rows = byProject;
            }
            Map<String, Double> perMonth = new TreeMap<>();
            Months.between(request.from(), request.to()).forEach(m -> perMonth.put(m, 0.0));
            rows.stream().filter(r -> budget.value().equals(r.group()))
                    .forEach(r -> perMonth.merge(r.month(), r.co2eKg(), Double::sum));
            perMonth.forEach((month, kg) -> lines.add(new BudgetLine(BudgetLine.tagOf(budget), budget.value(), month, kg,
                    budget.budgetKg(), budget.source().toString())));
        }
        return lines;
    }

    private static Map<String, Map<String, Double>> monthly(List<GroupTotals> byTeam) {
        Map<String, Map<String, Double>> months = new TreeMap<>();
        byTeam.forEach(t -> months.computeIfAbsent(t.month(), m -> new TreeMap<>())
                .merge(name(t.group()), t.co2eKg(), Double::sum));
        return months;
    }

    private List<Map.Entry<String, Double>> topModels(EntryQuery period, ReportRequest request,
            List<GroupTotals> totals) {
        List<GroupTotals> byModel = request.groupBy() == GroupBy.MODEL ? totals : store.groupTotals(period,
                GroupBy.MODEL);
        Map<String, Double> models = new LinkedHashMap<>();
        byModel.stream().filter(t -> t.group() != null).forEach(t -> models.merge(t.group(), t.co2eKg(), Double::sum));
        return models.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(TOP_MODELS).map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }

    static String name(String group) {
        return group == null ? ReportLine.UNATTRIBUTED : group;
    }
}
