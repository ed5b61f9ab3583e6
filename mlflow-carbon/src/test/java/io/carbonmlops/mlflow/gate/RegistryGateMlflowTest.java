package io.carbonmlops.mlflow.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonmlops.ledger.Attribution;
import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowConfig;
import io.carbonmlops.mlflow.gate.api.RestRegistryApi;
import io.carbonmlops.mlflow.gate.lineage.CountedRun;
import io.carbonmlops.mlflow.gate.lineage.RunRelation;
import io.carbonmlops.mlflow.gate.policy.PolicyLoader;
import io.carbonmlops.mlflow.testing.MlflowServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Decisions over versions of a real MLflow server and lineage recorded in a real ledger. */
@Tag("mlflow-compat")
@Timeout(300)
class RegistryGateMlflowTest {
    private static final String POLICY = """
            rules:
              - model: ranker
                alias: champion
                budget_kg: 1.5
                counts: lineage
              - model: ranker
                stage: Production
                budget_kg: 0.5
                counts: run
            monthly_budgets:
              - team: search
                budget_kg: 2.0
            """;

    static Path dir;
    static TestLedger ledger;
    static MlflowServer server;
    static MlflowSeed seed;
    static MlflowClient client;
    static RegistryGate gate;
    static String lineageVersion;
    static String teamVersion;

    @BeforeAll
    static void seed() throws Exception {
        dir = Files.createTempDirectory("gate-mlflow-test");
        ledger = TestLedger.in(dir);
        server = MlflowServer.start();
        seed = new MlflowSeed(server.trackingUri());
        String experiment = seed.experiment("gate-lineage");
        Instant now = Instant.now();
        // MLflow runs carry no carbon tags or metrics at all: the lineage is what the signed entries record
        String root = seed.run(experiment, "pipeline", Map.of());
        String source = seed.run(experiment, "train", Map.of());
        String child = seed.run(experiment, "eval", Map.of());
        String sibling = seed.run(experiment, "sibling-trial", Map.of());
        String prep = seed.run(experiment, "prep", Map.of());
        ledger.measure(TestLedger.CI, at(root).withPipelineId("p-1"), 0.1, now);
        ledger.measure(TestLedger.CI, at(source).withParentRunId(root), 0.3, now);
        ledger.measure(TestLedger.CI, at(child).withParentRunId(source), 0.2, now);
        ledger.measure(TestLedger.CI, at(sibling).withParentRunId(root), 9.0, now);
        ledger.measure(TestLedger.CI, at(prep).withPipelineId("p-1"), 0.4, now);
        seed.registeredModel("ranker");
        lineageVersion = seed.version("ranker", source);

        String teamRun = seed.run(experiment, "team-a", Map.of());
        ledger.measure(TestLedger.CI, at(teamRun).withTeam("search"), 0.2, now);
        ledger.measure(TestLedger.CI, at("elsewhere").withTeam("search"), 1.9, now);
        teamVersion = seed.version("ranker", teamRun);
        client = new MlflowClient(MlflowConfig.of(server.trackingUri()));
        gate = new RegistryGate(new RestRegistryApi(client), PolicyLoader.parse(TestLedger.trustYaml() + POLICY,
                "gate.yaml"), ledger.ledger(), Clock.systemUTC());
    }

    private static Attribution at(String runId) {
        return Attribution.none().withMlflowRun("1", runId);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (ledger != null) {
            ledger.close();
        }
    }

    @Test
    void countsTheLineageTheLedgerRecords() {
        GateDecision decision = gate.decide("ranker", lineageVersion, GateTarget.alias("champion"));

        assertThat(decision.runs()).extracting(CountedRun::relation).containsExactly(RunRelation.SOURCE,
                RunRelation.ANCESTOR, RunRelation.DESCENDANT, RunRelation.PIPELINE);
        assertThat(decision.co2eKg().getAsDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(decision.verdict()).isEqualTo(Verdict.WITHIN_BUDGET);
        assertThat(decision.identity()).get().satisfies(id -> assertThat(id.createdAt())
                .isEqualTo(Instant.ofEpochMilli(seed.modelVersion("ranker", lineageVersion)
                        .get("creation_timestamp").getAsLong())));
    }

    @Test
    void countsOnlyTheSourceRunWhenTheRuleSaysSo() {
        GateDecision decision = gate.decide("ranker", lineageVersion, GateTarget.stage("Production"));

        assertThat(decision.runs()).singleElement().extracting(CountedRun::relation).isEqualTo(RunRelation.SOURCE);
        assertThat(decision.verdict()).isEqualTo(Verdict.WITHIN_BUDGET);
    }

    @Test
    void sumsTheTeamsMonthFromTheLedger() {
        GateDecision decision = gate.decide("ranker", teamVersion, GateTarget.stage("Staging"));

        assertThat(decision.monthlyChecks()).singleElement().satisfies(check -> {
            assertThat(check.usedKg()).isCloseTo(2.1, within(1e-9));
            assertThat(check.entryCount()).isEqualTo(2);
        });
        assertThat(decision.verdict()).isEqualTo(Verdict.MONTHLY_BUDGET_EXCEEDED);
    }

    @Test
    void promoteSetsTheAliasAndRecordsTheDecisionInTheLedgerAndTags() {
        GateDecision decision = gate.promote("ranker", lineageVersion, GateTarget.alias("champion"), false);

        assertThat(decision.allowed()).isTrue();
        assertThat(seed.aliases("ranker", lineageVersion).toString()).contains("champion");
        assertThat(seed.versionTags("ranker", lineageVersion))
                .containsEntry("carbon.gate.runs_counted", "4")
                .containsEntry("carbon.gate.co2e_kg", "1")
                .containsEntry("carbon.gate.ledger_entry", decision.recordedAs().orElseThrow().toString());
        assertThat(ledger.decisions()).anySatisfy(entry -> assertThat(entry.signed().entryId())
                .isEqualTo(decision.recordedAs().get()));
    }
}
