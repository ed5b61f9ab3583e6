package io.carbonmlops.mlflow.gate.bench;

import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowConfig;
import io.carbonmlops.mlflow.gate.GateDecision;
import io.carbonmlops.mlflow.gate.GateTarget;
import io.carbonmlops.mlflow.gate.MlflowSeed;
import io.carbonmlops.ledger.Attribution;
import io.carbonmlops.mlflow.gate.RegistryGate;
import io.carbonmlops.mlflow.gate.TestLedger;
import io.carbonmlops.mlflow.gate.api.RestRegistryApi;
import io.carbonmlops.mlflow.gate.policy.PolicyLoader;
import io.carbonmlops.mlflow.gate.proxy.GateProxy;
import io.carbonmlops.mlflow.testing.MlflowServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * Gate proxy overhead and decision latency, on loopback against a real MLflow server (.venv, one worker).
 * <ol>
 *   <li>Three request kinds, each with closed-loop clients (1 and 32, each with its own keep-alive connection) sent
 *       to MLflow directly and through the proxy, alternating direct/proxy rounds so drift on a shared machine hits
 *       both: {@code GET experiments/get-by-name}; {@code POST runs/log-metric} of a user metric; {@code POST
 *       runs/log-batch} of 9 power points and a rising {@code carbon/energy_kwh}, each client into its own run. All
 *       three pass through unjudged since the gate reads figures from the ledger, not from metrics. Reported:
 *       p50/p99 latency, throughput, and this JVM's CPU time per request (the load generator alone when direct, plus
 *       the proxy when proxied: the difference is the proxy's CPU cost, which unlike latency does not depend on how
 *       busy the machine's other processes keep the cores).
 *   <li>Decision: {@link RegistryGate#decide} for a version whose lineage has 100 runs (source, parent, 48 children,
 *       50 runs sharing the pipeline id), each with one signed entry in an SQLite ledger, p50 and max of repeated
 *       decisions.
 * </ol>
 * Run: {@code mvn -q -o -pl mlflow-carbon test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.carbonmlops.mlflow.gate.bench.GateProxyBench -Dcarbon.bench.seconds=10
 * -Dcarbon.bench.warmup.seconds=5}; {@code -Dcarbon.bench.workloads=log-batch} runs only the kinds whose name
 * contains it.
 * Goals (issue 5): p50 adds under 1 ms; proxied throughput at least 90 % of direct.
 */
public final class GateProxyBench {
    private static final int ROUNDS = 2;
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    /** Steps and timestamps never repeat, so MLflow stores every point (a repeated point would be a 400). */
    /** Generous: 32 clients queue on MLflow's one worker and its sqlite write lock. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    private static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis());

    private GateProxyBench() {}

    /** One kind of request, built for a base URI ({@code http://host:port}). */
    private record Workload(String name, BiFunction<String, Integer, HttpRequest> request) {}

    public static void main(String[] args) throws Exception {
        Duration round = Duration.ofSeconds(Long.getLong("carbon.bench.seconds", 10));
        Duration warmUp = Duration.ofSeconds(Long.getLong("carbon.bench.warmup.seconds", 5));
        // 32 writers exhaust MLflow's default SQLAlchemy pool (5 + 10 overflow) with or without the proxy
        try (MlflowServer server = MlflowServer.builder().serverEnv("MLFLOW_SQLALCHEMYSTORE_POOL_SIZE", "40")
                        .serverEnv("MLFLOW_SQLALCHEMYSTORE_MAX_OVERFLOW", "40").start();
                MlflowClient client = new MlflowClient(MlflowConfig.of(server.trackingUri())
                        .withUnreachableHold(Duration.ofSeconds(2)))) { // as carbon gate serve
            RestRegistryApi api = new RestRegistryApi(client);
            MlflowSeed seed = new MlflowSeed(server.trackingUri());
            String experiment = seed.experiment("bench");
            TestLedger ledger = TestLedger.in(Files.createTempDirectory("gate-bench"));
            String version = seedHundredRunLineage(seed, ledger, experiment);
            String metricRun = seed.run(experiment, "bench-log-metric", Map.of());
            List<String> batchRuns = new ArrayList<>(); // one per client: concurrent writers of one run's energy total
            for (int c = 0; c < 32; c++) {             // would race, and the gate rightly refuses a lower figure
                batchRuns.add(seed.run(experiment, "bench-log-batch-" + c, Map.of()));
            }
            RegistryGate gate = new RegistryGate(api, PolicyLoader.parse(TestLedger.trustYaml() + "rules:\n  - {model:"
                    + " bench-model, alias: champion, budget_kg: 1000, counts: lineage}\n", "bench.yaml"),
                    ledger.ledger(), Clock.systemUTC());
            try (GateProxy proxy = GateProxy.start(URI.create(server.trackingUri()),
                    new InetSocketAddress("127.0.0.1", 0), gate, api, line -> { })) {
                List<Workload> workloads = List.of(
                        new Workload("GET experiments/get-by-name (pass-through)", (base, c) -> HttpRequest.newBuilder(
                                URI.create(base + "/api/2.0/mlflow/experiments/get-by-name?experiment_name=bench"))
                                .timeout(REQUEST_TIMEOUT).build()),
                        new Workload("POST runs/log-metric, user metric (pass-through)",
                                (base, c) -> post(base, "runs/log-metric", logMetric(metricRun))),
                        new Workload("POST runs/log-batch, 10 points with carbon/energy_kwh (pass-through)",
                                (base, c) -> post(base, "runs/log-batch", logBatch(batchRuns.get(c)))));
                System.out.printf("%d s per round, %d rounds each, direct and proxied rounds alternating%n",
                        round.toSeconds(), ROUNDS);
                String only = System.getProperty("carbon.bench.workloads", "");
                for (Workload workload : workloads) {
                    if (only.isEmpty() || workload.name().contains(only)) {
                        compare(workload, server.trackingUri(), proxy.uri().toString(), round, warmUp);
                    }
                }
            }
            decisionLatency(gate, version);
        }
    }

    private static void compare(Workload workload, String direct, String proxied, Duration round, Duration warmUp)
            throws Exception {
        System.out.println(workload.name());
        System.out.println("clients  target  requests   req/s     p50 ms   p99 ms   JVM CPU us/req");
        for (int clients : new int[] {1, 32}) {
            load(workload, direct, clients, warmUp);
            load(workload, proxied, clients, warmUp);
            Result directTotal = Result.EMPTY;
            Result proxiedTotal = Result.EMPTY;
            for (int i = 0; i < ROUNDS; i++) {
                directTotal = directTotal.plus(load(workload, direct, clients, round));
                proxiedTotal = proxiedTotal.plus(load(workload, proxied, clients, round));
            }
            print(clients, "direct", directTotal);
            print(clients, "proxy", proxiedTotal);
            System.out.printf(Locale.ROOT, "         proxy/direct: throughput %.1f %%, p50 %.2fx (+%.3f ms), "
                            + "p99 %.2fx (+%.3f ms), CPU/req %.2fx%n",
                    100.0 * proxiedTotal.perSecond() / directTotal.perSecond(),
                    proxiedTotal.percentileMillis(50) / directTotal.percentileMillis(50),
                    proxiedTotal.percentileMillis(50) - directTotal.percentileMillis(50),
                    proxiedTotal.percentileMillis(99) / directTotal.percentileMillis(99),
                    proxiedTotal.percentileMillis(99) - directTotal.percentileMillis(99),
                    proxiedTotal.cpuPerRequest() / directTotal.cpuPerRequest());
        }
    }

    private static HttpRequest post(String base, String endpoint, String json) {
        return HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + endpoint))
                .timeout(REQUEST_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static String logMetric(String runId) {
        long n = SEQUENCE.incrementAndGet();
        return String.format(Locale.ROOT, "{\"run_id\":\"%s\",\"key\":\"loss\",\"value\":%.4f,\"timestamp\":%d,"
                + "\"step\":%d}", runId, 1.0 / (1 + n % 1000), n, n);
    }

    /** 9 power points and the run's energy total, which only rises (the gate refuses a lower one). */
    private static String logBatch(String runId) {
        long n = SEQUENCE.addAndGet(10);
        StringBuilder metrics = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            metrics.append(String.format(Locale.ROOT, "{\"key\":\"carbon/gpu_0_power_w\",\"value\":%d,"
                    + "\"timestamp\":%d,\"step\":%d},", 250 + i, n + i, n + i));
        }
        metrics.append(String.format(Locale.ROOT, "{\"key\":\"carbon/energy_kwh\",\"value\":%d,\"timestamp\":%d,"
                + "\"step\":%d}", n, n + 9, n + 9));
        return "{\"run_id\":\"" + runId + "\",\"metrics\":[" + metrics + "],\"params\":[],\"tags\":[]}";
    }

    private static String seedHundredRunLineage(MlflowSeed seed, TestLedger ledger, String experiment) {
        Instant now = Instant.now();
        String parent = seed.run(experiment, "parent", Map.of());
        ledger.measure(parent, 0.01, now);
        String source = seed.run(experiment, "source", Map.of());
        ledger.measure(TestLedger.CI, Attribution.none().withMlflowRun(experiment, source).withParentRunId(parent)
                .withPipelineId("bench-pipeline"), 0.01, now);
        for (int i = 0; i < 48; i++) {
            ledger.measure(TestLedger.CI, Attribution.none().withMlflowRun(experiment, "child-" + i)
                    .withParentRunId(source), 0.01, now);
        }
        for (int i = 0; i < 50; i++) {
            ledger.measure(TestLedger.CI, Attribution.none().withMlflowRun(experiment, "stage-" + i)
                    .withPipelineId("bench-pipeline"), 0.01, now);
        }
        seed.registeredModel("bench-model");
        return seed.version("bench-model", source);
    }

    private static void decisionLatency(RegistryGate gate, String version) {
        for (int i = 0; i < 3; i++) {
            gate.decide("bench-model", version, GateTarget.alias("champion"));
        }
        int repeats = 20;
        long[] nanos = new long[repeats];
        GateDecision last = null;
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            last = gate.decide("bench-model", version, GateTarget.alias("champion"));
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "decision for a %d-run lineage (%s): p50 %.1f ms, max %.1f ms over %d decisions%n",
                last.runs().size(), last.verdict(), nanos[repeats / 2] / 1e6, nanos[repeats - 1] / 1e6, repeats);
    }

    private static Result load(Workload workload, String base, int clients, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long cpuStart = PROCESS.getProcessCpuTime();
        try {
            long end = System.nanoTime() + duration.toNanos();
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int index = c;
                futures.add(pool.submit(() -> client(workload, base, index, end)));
            }
            List<long[]> latencies = new ArrayList<>();
            for (Future<long[]> future : futures) {
                latencies.add(future.get());
            }
            return Result.of(latencies, duration, PROCESS.getProcessCpuTime() - cpuStart);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One closed-loop client on its own connection: request, wait for the whole body, repeat. */
    private static long[] client(Workload workload, String base, int index, long endNanos) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long[] samples = new long[1 << 16];
        int count = 0;
        while (System.nanoTime() < endNanos) {
            HttpRequest request = workload.request().apply(base, index);
            long start = System.nanoTime();
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (java.net.http.HttpTimeoutException e) {
                throw new IllegalStateException(request.uri() + " gave no answer in " + REQUEST_TIMEOUT.toSeconds()
                        + " s", e);
            }
            long elapsed = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            if (count == samples.length) {
                samples = Arrays.copyOf(samples, count * 2);
            }
            samples[count++] = elapsed;
        }
        return Arrays.copyOf(samples, count);
    }

    private static void print(int clients, String target, Result result) {
        System.out.printf(Locale.ROOT, "%7d  %-6s  %8d  %7.0f  %8.3f  %8.3f  %8.0f%n", clients, target,
                result.count(), result.perSecond(), result.percentileMillis(50), result.percentileMillis(99),
                result.cpuNanos() / 1e3 / result.count());
    }

    /** Latencies, wall seconds, and CPU time of this JVM (load generator, plus the proxy in proxied rounds). */
    private record Result(long[] nanos, double seconds, long cpuNanos) {
        static final Result EMPTY = new Result(new long[0], 0, 0);

        static Result of(List<long[]> perClient, Duration duration, long cpuNanos) {
            long[] all = perClient.stream().flatMapToLong(Arrays::stream).toArray();
            return new Result(all, duration.toNanos() / 1e9, cpuNanos);
        }

        Result plus(Result other) {
            long[] all = Arrays.copyOf(nanos, nanos.length + other.nanos.length);
            System.arraycopy(other.nanos, 0, all, nanos.length, other.nanos.length);
            return new Result(all, seconds + other.seconds, cpuNanos + other.cpuNanos);
        }

        int count() {
            return nanos.length;
        }

        double cpuPerRequest() {
            return (double) cpuNanos / nanos.length;
        }

        double perSecond() {
            return nanos.length / seconds;
        }

        double percentileMillis(double percentile) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            int index = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }
    }
}
