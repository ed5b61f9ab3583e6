package io.carbonmlops.reports.bench;

import com.google.gson.JsonObject;
import com.sun.management.OperatingSystemMXBean;
import io.carbonmlops.ledger.Attribution;
import io.carbonmlops.ledger.MeasurementEntries;
import io.carbonmlops.ledger.SignedEntry;
import io.carbonmlops.ledger.store.GroupBy;
import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.ledger.store.LedgerStore;
import io.carbonmlops.ledger.store.LedgerStores;
import io.carbonmlops.ledger.testing.PostgresServer;
import io.carbonmlops.ledger.verify.Checkpoint;
import io.carbonmlops.ledger.verify.LedgerVerifier;
import io.carbonmlops.ledger.verify.VerifyOptions;
import io.carbonmlops.reports.CarbonReport;
import io.carbonmlops.reports.LedgerReports;
import io.carbonmlops.reports.ReportFiles;
import io.carbonmlops.reports.ReportLedgers;
import io.carbonmlops.reports.ReportRequest;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * Report benchmark (not a test): {@code carbon report} over a ledger of {@code --entries} measurement entries spread
 * over one month (50 teams, 7 projects, 13 models in 3 versions, 3 zones, 5 Jenkins agents, half with a contractual
 * factor, a third with an estimated CPU). Times the SQL aggregation, the files, and the verification of the period,
 * wall and process CPU side by side.
 *
 * <pre>
 * mvn -B -q -pl carbon-reports -am install -DskipTests
 * mvn -B -q -pl carbon-reports test-compile exec:exec@report-bench -Dreport.bench.args="--entries 1000000 --dir /tmp/report-bench"
 *     [--store sqlite|postgres]
 * </pre>
 *
 * The entries are unsigned (signing a million takes longer than everything measured here; the ledger benchmark
 * times signatures): a cold verification then checks hashes, links, columns, canonical form and schema. Each report is
 * built twice, cold and with the checkpoint of an earlier verification at the head (what a nightly
 * {@code carbon ledger verify --checkpoint} or the previous report leaves): then hashes, links and columns only,
 * for signed entries too. The ledger stays in {@code --dir} and is reused.
 */
public final class ReportBench {
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final Instant MONTH = Instant.parse("2026-11-01T00:00:00Z");
    private static final String[] ZONES = {"DE", "FR", "PL"};

    private ReportBench() {}

    public static void main(String[] args) throws Exception {
        int entries = Integer.parseInt(arg(args, "--entries", "100000").replace("_", ""));
        String storeKind = arg(args, "--store", "sqlite");
        Path dir = Files.createDirectories(Path.of(arg(args, "--dir", "target/report-bench")));
        System.out.printf(Locale.ROOT, "report bench: %d entries, %s, %d cores, %s %s%n", entries, storeKind,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        LedgerLocation location = storeKind.equals("postgres") ? PostgresServer.shared().createDatabase()
                : new LedgerLocation.Sqlite(dir.resolve("report-ledger-" + entries + ".db"));
        try (LedgerStore store = LedgerStores.open(location, Duration.ofSeconds(300));
                LedgerStore verifying = LedgerStores.open(location, Duration.ofSeconds(300))) {
            if (store.count() != entries) {
                fill(store, entries);
            }
            if (location instanceof LedgerLocation.Postgres postgres) {
                analyze(postgres); // as autovacuum would have for a ledger that grew over the month
            }
            ReportRequest request = ReportRequest.of(MONTH, Instant.parse("2026-12-01T00:00:00Z"), GroupBy.TEAM)
                    .withPrices(OptionalDouble.of(80), OptionalDouble.of(0.25), "EUR");
            Path out = Files.createDirectories(dir.resolve("out"));
            Checkpoint head = breakdown(store, request);
            for (String name : arg(args, "--group-by", "team,version").split(",")) {
                GroupBy groupBy = GroupBy.parse(name);
                ReportRequest byGroup = new ReportRequest(request.from(), request.to(), groupBy,
                        request.carbonPricePerTonne(), request.electricityPricePerKwh(), "EUR", List.of());
                Measured cold = new Measured();
                CarbonReport coldReport = cold.time(() -> new LedgerReports(store, verifying, VerifyOptions.all(),
                        Clock.systemUTC()).build(byGroup));
                print("report by " + groupBy.label() + " (SQL sums beside cold verification)", coldReport.records(),
                        cold);
                Measured sequential = new Measured();
                sequential.time(() -> new LedgerReports(store, VerifyOptions.all().withCheckpoint(head),
                        Clock.systemUTC()).build(byGroup));
                print("report by " + groupBy.label() + " (SQL sums, then verification from the checkpoint)",
                        coldReport.records(), sequential);
                Measured build = new Measured();
                CarbonReport report = build.time(() -> new LedgerReports(store, verifying, VerifyOptions.all()
                        .withCheckpoint(head), Clock.systemUTC()).build(byGroup));
                print("report by " + groupBy.label() + " (SQL sums beside verification from the checkpoint)",
                        report.records(), build);
                if (!report.verification().verified() || !coldReport.verification().verified()) {
                    throw new IllegalStateException("the bench ledger does not verify: " + report.verification());
                }
                Measured files = new Measured();
                files.time(() -> {
                    try {
                        return ReportFiles.write(report, EnumSet.allOf(ReportFiles.Format.class), out);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                print("  write csv, json, html (" + report.lines().size() + " lines)", report.records(), files);
            }
        }
    }

    /**
     * Each part of a team report on its own: the SQL sums, the entry ids, the verification (cold, then from the
     * checkpoint the cold one made, which is returned).
     */
    private static Checkpoint breakdown(LedgerStore store, ReportRequest request) {
        io.carbonmlops.ledger.store.EntryQuery period = io.carbonmlops.ledger.store.EntryQuery.all()
                .between(request.from(), request.to());
        long n = store.count();
        Measured totals = new Measured();
        int rows = totals.time(() -> store.groupTotals(period, GroupBy.TEAM)).size();
        print("  SQL: totals by team, month, signer (indexed columns; " + rows + " rows)", n, totals);
        Measured devices = new Measured();
        rows = devices.time(() -> store.groupDevices(period, GroupBy.TEAM)).size();
        print("  SQL: device energy, estimated share (json_each; " + rows + " rows)", n, devices);
        Measured intensities = new Measured();
        rows = intensities.time(() -> store.groupIntensities(period, GroupBy.TEAM)).size();
        print("  SQL: IT energy and intensity sources (one payload read; " + rows + " rows)", n, intensities);
        Measured refs = new Measured();
        long[] count = new long[1];
        refs.time(() -> {
            store.forEachEntryRef(period, GroupBy.TEAM, ref -> count[0]++);
            return null;
        });
        print("  SQL: entry ids (" + count[0] + ", pages of 20,000)", n, refs);
        Measured verify = new Measured();
        Checkpoint head = verify.time(() -> LedgerVerifier.verify(store, VerifyOptions.all())).checkpoint()
                .orElseThrow(() -> new IllegalStateException("the bench ledger does not verify"));
        print("  verification of all entries, cold (hashes, links, columns, canonical form, schema)", n, verify);
        Measured fromCheckpoint = new Measured();
        fromCheckpoint.time(() -> LedgerVerifier.verify(store, VerifyOptions.all().withCheckpoint(head)));
        print("  verification of all entries from a checkpoint at the head (hashes, links, columns)", n,
                fromCheckpoint);
        return head;
    }

    /** Table statistics after the bulk load, without which PostgreSQL plans the paged queries as for an empty table. */
    private static void analyze(LedgerLocation.Postgres location) throws java.sql.SQLException {
        try (java.sql.Connection c = PostgresServer.shared().superuser(PostgresServer.databaseOf(location));
                java.sql.Statement statement = c.createStatement()) {
            statement.execute("ANALYZE ledger_entries");
        }
    }

    private static void fill(LedgerStore store, int entries) {
        if (store.count() != 0) {
            throw new IllegalStateException("the bench ledger holds " + store.count() + " entries: delete it");
        }
        Measured appending = new Measured();
        long stepMillis = Duration.ofDays(30).toMillis() / entries;
        for (int start = 0; start < entries; start += 5_000) {
            List<SignedEntry> batch = new ArrayList<>();
            for (int i = start; i < Math.min(entries, start + 5_000); i++) {
                batch.add(SignedEntry.unsigned(entry(i, MONTH.plusMillis(stepMillis * i + 1))));
            }
            appending.time(() -> store.appendAll(batch));
        }
        print("make and append (unsigned, 5,000 per transaction)", entries, appending);
    }

    private static io.carbonmlops.ledger.LedgerEntry entry(int i, Instant end) {
        JsonObject document = ReportLedgers.document(end, 0.001 * (i % 1000 + 1), i % 2 == 0 ? 0.0002 * (i % 500)
                : -1, 0.002 * (i % 700 + 1), 1.1 + (i % 3) * 0.1, i % 3 == 0);
        document.getAsJsonObject("intensity").addProperty("zone", ZONES[i % ZONES.length]);
        Attribution attribution = Attribution.none().withTeam("team-" + i % 50).withProject("project-" + i % 7)
                .withModelName("model-" + i % 13).withModelVersion(Integer.toString(i % 3 + 1))
                .withMlflowRun("7", "run-" + i / 10).withJenkins("job-" + i % 11, Integer.toString(i / 100),
                        "agent-" + i % 5);
        return MeasurementEntries.fromDocument(document, attribution, end);
    }

    private static void print(String label, long count, Measured m) {
        System.out.printf(Locale.ROOT, "%-58s %8.1f s wall %8.1f s CPU %7.1f us CPU/entry%n", label,
                m.wallNanos / 1e9, m.cpuNanos / 1e9, m.cpuNanos / 1e3 / Math.max(1, count));
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    /** Accumulated wall and process CPU time. */
    private static final class Measured {
        long wallNanos;
        long cpuNanos;

        <T> T time(Supplier<T> work) {
            long cpu = OS.getProcessCpuTime();
            long wall = System.nanoTime();
            T result = work.get();
            wallNanos += System.nanoTime() - wall;
            cpuNanos += OS.getProcessCpuTime() - cpu;
            return result;
        }
    }
}
