package io.carbonmlops.ledger.bench;

import com.sun.management.OperatingSystemMXBean;
import io.carbonmlops.ledger.Attribution;
import io.carbonmlops.ledger.LedgerEntry;
import io.carbonmlops.ledger.SignedEntry;
import io.carbonmlops.ledger.keys.SigningKey;
import io.carbonmlops.ledger.store.EntryQuery;
import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.ledger.store.LedgerStore;
import io.carbonmlops.ledger.store.LedgerStores;
import io.carbonmlops.ledger.testing.LedgerFixtures;
import io.carbonmlops.ledger.testing.PostgresServer;
import io.carbonmlops.ledger.verify.LedgerVerifier;
import io.carbonmlops.ledger.verify.VerificationReport;
import io.carbonmlops.ledger.verify.VerifyOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Ledger benchmark (not a test): signing, appends (one per transaction and in batches), verification of the whole
 * ledger cold on 1 thread and on every core, verification from a checkpoint, and indexed queries, all on one ledger
 * of {@code --entries} signed measurement entries. Wall and process-CPU seconds are printed side by side.
 *
 * <pre>
 * mvn -B -q -pl carbon-ledger -am test-compile exec:exec@ledger-bench -Dledger.bench.args="--entries 1000000"
 *     [--store sqlite|postgres] [--dir DIR] [--single-thread-sample N]
 * </pre>
 *
 * The signed ledger is kept in {@code --dir} (default {@code carbon-ledger/target/ledger-bench}) and reused by the
 * next run with the same size, since making a million signatures takes as long as checking them.
 */
public final class LedgerBench {
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private LedgerBench() {}

    public static void main(String[] args) throws Exception {
        int entries = intArg(args, "--entries", 100_000);
        String storeKind = stringArg(args, "--store", "sqlite");
        Path dir = Path.of(stringArg(args, "--dir", "target/ledger-bench"));
        int sample = intArg(args, "--single-thread-sample", Math.min(entries, 20_000));
        int cores = Runtime.getRuntime().availableProcessors();
        Files.createDirectories(dir);
        System.out.printf(Locale.ROOT, "ledger bench: %d entries, %s, %d cores, %s%n", entries, storeKind, cores,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));

        SigningKey key = keyIn(dir);
        LedgerLocation ledger = storeKind.equals("postgres") ? PostgresServer.shared().createDatabase()
                : new LedgerLocation.Sqlite(dir.resolve("ledger-" + entries + ".db"));
        try (LedgerStore store = LedgerStores.open(ledger, Duration.ofSeconds(120))) {
            if (store.count() != entries) {
                fill(store, key, entries, cores);
            }
            appendOnePerTransaction(dir, storeKind, key);
            verify(store, VerifyOptions.all().range(1, sample).withThreads(1), "verify cold, 1 thread (first "
                    + sample + ")");
            VerificationReport full = verify(store, VerifyOptions.all().withThreads(cores), "verify cold, " + cores
                    + " threads (all)");
            verify(store, VerifyOptions.all().withThreads(cores).withCheckpoint(full.checkpoint().orElseThrow()),
                    "verify from checkpoint at head, " + cores + " threads");
            queries(store);
        }
    }

    private static SigningKey keyIn(Path dir) throws Exception {
        Path file = dir.resolve("bench.key");
        if (Files.exists(file)) {
            return SigningKey.load(file);
        }
        SigningKey key = SigningKey.generate();
        io.carbonmlops.ledger.keys.KeyFiles.writeNew(dir, "bench", key);
        return key;
    }

    /** Entry i: run "run-(i/10)", team "team-(i%50)", one per 2.6 s over 30 days. */
    static LedgerEntry entry(int i) {
        Attribution attribution = Attribution.none().withMlflowRun("7", "run-" + i / 10).withTeam("team-" + i % 50)
                .withProject("project-" + i % 7).withPipelineId("pipe-" + i / 100).withHost("bench");
        LedgerEntry base = LedgerFixtures.measurement(attribution, 0.001 * (i % 1000 + 1), 0);
        Instant at = LedgerFixtures.T0.plusMillis(2_600L * i);
        return new LedgerEntry(base.entryId(), base.kind(), at, at, attribution, base.body());
    }

    private static void fill(LedgerStore store, SigningKey key, int entries, int cores) throws Exception {
        if (store.count() != 0) {
            throw new IllegalStateException("the bench ledger holds " + store.count() + " entries, not 0 or " + entries
                    + ": delete it");
        }
        int batch = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        Measured signing = new Measured();
        Measured appending = new Measured();
        try {
            for (int start = 0; start < entries; start += batch) {
                int from = start;
                int to = Math.min(entries, start + batch);
                List<SignedEntry> signed = signing.time(() -> signInParallel(pool, key, from, to, cores));
                appending.time(() -> store.appendAll(signed));
            }
        } finally {
            pool.shutdownNow();
        }
        report("sign (" + cores + " threads)", entries, signing);
        report("append in transactions of " + batch, entries, appending);
    }

    private static List<SignedEntry> signInParallel(ExecutorService pool, SigningKey key, int from, int to, int cores) {
        List<Future<List<SignedEntry>>> parts = new ArrayList<>();
        for (int c = 0; c < cores; c++) {
            int a = from + (to - from) * c / cores;
            int b = from + (to - from) * (c + 1) / cores;
            parts.add(pool.submit(() -> {
                List<SignedEntry> part = new ArrayList<>();
                for (int i = a; i < b; i++) {
                    part.add(key.sign(entry(i)));
                }
                return part;
            }));
        }
        List<SignedEntry> all = new ArrayList<>();
        for (Future<List<SignedEntry>> part : parts) {
            try {
                all.addAll(part.get());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return all;
    }

    /** What one appending process sees: each entry its own transaction (fsync'd), as `carbon measure` appends. */
    private static void appendOnePerTransaction(Path dir, String storeKind, SigningKey key) throws Exception {
        int n = 500;
        LedgerLocation ledger = storeKind.equals("postgres") ? PostgresServer.shared().createDatabase()
                : new LedgerLocation.Sqlite(Files.createTempDirectory(dir, "single-").resolve("ledger.db"));
        List<SignedEntry> signed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            signed.add(key.sign(entry(i)));
        }
        Measured appending = new Measured();
        try (LedgerStore store = LedgerStores.open(ledger, Duration.ofSeconds(120))) {
            appending.time(() -> {
                signed.forEach(store::append);
                return null;
            });
        }
        report("append one entry per transaction", n, appending);
    }

    private static VerificationReport verify(LedgerStore store, VerifyOptions options, String label) {
        Measured measured = new Measured();
        VerificationReport report = measured.time(() -> LedgerVerifier.verify(store, options));
        if (!report.intact()) {
            throw new IllegalStateException("bench ledger broken: " + report.firstBreak().get().describe());
        }
        report(label, report.entriesChecked(), measured);
        return report;
    }

    private static void queries(LedgerStore store) {
        Measured byRuns = new Measured();
        int found = byRuns.time(() -> store.find(EntryQuery.all().runIds(Set.of("run-4242", "run-777")))).size();
        System.out.printf(Locale.ROOT, "%-52s %9.1f ms  (%d entries)%n", "query: entries of 2 runs", byRuns.wallMs(),
                found);
        Measured totals = new Measured();
        long summed = totals.time(() -> store.totalsBySigner(EntryQuery.all().team("team-7")
                .between(LedgerFixtures.T0, LedgerFixtures.T0.plus(Duration.ofDays(30))))).stream()
                .mapToLong(t -> t.entries()).sum();
        System.out.printf(Locale.ROOT, "%-52s %9.1f ms  (%d entries summed in SQL)%n",
                "query: one team's 30-day totals by signer", totals.wallMs(), summed);
    }

    private static void report(String label, long count, Measured m) {
        System.out.printf(Locale.ROOT, "%-52s %9.1f s wall %9.1f s CPU %10.0f entries/s  %7.1f us CPU/entry%n", label,
                m.wallNanos / 1e9, m.cpuNanos / 1e9, count / (m.wallNanos / 1e9), m.cpuNanos / 1e3 / count);
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

        double wallMs() {
            return wallNanos / 1e6;
        }
    }

    private static int intArg(String[] args, String name, int fallback) {
        String value = stringArg(args, name, null);
        return value == null ? fallback : Integer.parseInt(value.replace("_", ""));
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
