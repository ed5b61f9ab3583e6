package io.carbonmlops.mlflow.gate.proxy;

import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowConfig;
import io.carbonmlops.mlflow.gate.MlflowSeed;
import io.carbonmlops.mlflow.gate.RegistryGate;
import io.carbonmlops.mlflow.gate.TestLedger;
import io.carbonmlops.mlflow.gate.api.RestRegistryApi;
import io.carbonmlops.mlflow.gate.policy.PolicyLoader;
import io.carbonmlops.mlflow.testing.MlflowServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A real MLflow server seeded with model {@value #MODEL}, a version over budget ({@code heavyVersion}, 3 kg CO2e in
 * the ledger, signed by {@code ci}) and one within ({@code lightVersion}, 0.25 kg), behind a {@link GateProxy}
 * enforcing {@link #POLICY} (1 kg for stage Production and alias champion) from a real SQLite ledger. The runs also
 * carry the figures as MLflow metrics: the display copy the gate never reads. One per test class:
 * {@code @BeforeAll} start, {@code @AfterAll} {@link #close()}.
 */
record GatedMlflow(MlflowServer server, MlflowSeed seed, MlflowClient client, GateProxy proxy, TestLedger ledger,
        String experimentId, String heavyRun, String heavyVersion, String lightVersion) implements AutoCloseable {
    static final String MODEL = "fraud-detector";
    static final String POLICY = """
            rules:
              - model: "fraud-*"
                stage: Production
                budget_kg: 1.0
                counts: run
              - model: "fraud-*"
                alias: champion
                budget_kg: 1.0
                counts: run
            """;

    static GatedMlflow start(String experiment, Consumer<String> proxyLog) throws Exception {
        MlflowServer server = MlflowServer.start();
        return seedAndGate(server, new MlflowSeed(server.trackingUri()), experiment, proxyLog);
    }

    /** With {@code --app-name basic-auth}; the seed writes with {@code authorization}, the gate reads as each caller. */
    static GatedMlflow startWithBasicAuth(String experiment, String authorization) throws Exception {
        MlflowServer server = MlflowServer.startWithBasicAuth();
        return seedAndGate(server, new MlflowSeed(server.trackingUri(), authorization), experiment, line -> { });
    }

    private static GatedMlflow seedAndGate(MlflowServer server, MlflowSeed seed, String experiment,
            Consumer<String> proxyLog) throws Exception {
        MlflowClient client = null;
        TestLedger ledger = TestLedger.in(Files.createTempDirectory("gated-mlflow"));
        try {
            String experimentId = seed.experiment(experiment);
            seed.registeredModel(MODEL);
            String heavyRun = seed.runWithCo2e(experimentId, "heavy", 3.0, Map.of());
            ledger.measure(heavyRun, 3.0, Instant.now());
            String heavyVersion = seed.version(MODEL, heavyRun);
            String lightRun = seed.runWithCo2e(experimentId, "light", 0.25, Map.of());
            ledger.measure(lightRun, 0.25, Instant.now());
            String lightVersion = seed.version(MODEL, lightRun);
            URI upstream = URI.create(server.trackingUri());
            client = new MlflowClient(MlflowConfig.of(upstream.toString()));
            RestRegistryApi api = new RestRegistryApi(client);
            RegistryGate gate = new RegistryGate(api, PolicyLoader.parse(TestLedger.trustYaml() + POLICY,
                    "gate.yaml"), ledger.ledger(), Clock.systemUTC());
            GateProxy proxy = GateProxy.start(upstream, new InetSocketAddress("127.0.0.1", 0), gate, api, proxyLog);
            return new GatedMlflow(server, seed, client, proxy, ledger, experimentId, heavyRun, heavyVersion,
                    lightVersion);
        } catch (Exception | Error e) {
            if (client != null) {
                client.close();
            }
            server.close();
            ledger.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        try (server; client; ledger) {
            proxy.close();
        }
    }
}
