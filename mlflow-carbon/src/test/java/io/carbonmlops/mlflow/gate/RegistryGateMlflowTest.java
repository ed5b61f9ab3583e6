package io.carbonmlops.mlflow.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowConfig;
import io.carbonmlops.mlflow.gate.api.RestRegistryApi;
import io.carbonmlops.mlflow.gate.lineage.CountedRun;
import io.carbonmlops.mlflow.gate.lineage.RunRelation;
import io.carbonmlops.mlflow.gate.policy.PolicyLoader;
import io.carbonmlops.mlflow.testing.MlflowServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Decisions over runs, versions and search filters of a real MLflow server. */
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
              - tag: carbon.team
                value: search
                budget_kg: 2.0
            """;

    static MlflowServer server;
    static MlflowSeed seed;
    static MlflowClient client;
    static RestRegistryApi api;
    static RegistryGate gate;
    static String lineageVersion;
    static String teamVersion;

    @BeforeAll
    static void seed() {
        server = MlflowServer.start();
        seed = new MlflowSeed(server.trackingUri());
        String experiment = seed.experiment("gate-lineage");
        String other = seed.experiment("gate-other");
        String root = seed.runWithCo2e(experiment, "pipeline", 0.1, Map.of("carbon.pipeline_id", "p-1"));
        String source = seed.runWithCo2e(experiment, "train", 0.3, Map.of("mlflow.parentRunId", root));
        String child = seed.runWithCo2e(experiment, "eval", 0.2, Map.of("mlflow.parentRunId", source));
        seed.runWithCo2e(experiment, "sibling-trial", 9.0, Map.of("mlflow.parentRunId", root));
        seed.runWithCo2e(experiment, "prep", 0.4, Map.of("carbon.pipeline_id", "p-1"));
        seed.runWithCo2e(experiment, "unrelated", 7.0, Map.of());
        seed.runWithCo2e(other, "prep-elsewhere", 5.0, Map.of("carbon.pipeline_id", "p-1"));
        seed.registeredModel("ranker");
        lineageVersion = seed.version("ranker", source);
        assertThat(child).isNotBlank();

        String teamRun = seed.runWithCo2e(experiment, "team-a", 0.2, Map.of("carbon.team", "search"));
        seed.runWithCo2e(other, "team-b", 1.9, Map.of("carbon.team", "search"));
        teamVersion = seed.version("ranker", teamRun);
        client = new MlflowClient(MlflowConfig.of(server.trackingUri()));
        api = new RestRegistryApi(client, 1); // one run per search page: every decision below reads across pages
        gate = new RegistryGate(api, PolicyLoader.parse(POLICY, "gate.yaml"), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void countsTheLineageFoundThroughRealSearches() {
        GateDecision decision = gate.decide("ranker", lineageVersion, GateTarget.alias("champion"));

        assertThat(decision.runs()).extracting(CountedRun::runName)
                .containsExactlyInAnyOrder("train", "pipeline", "eval", "prep");
        assertThat(decision.runs()).filteredOn(run -> run.runName().equals("prep"))
                .extracting(CountedRun::relation).containsExactly(RunRelation.PIPELINE);
        assertThat(decision.co2eKg().getAsDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(decision.verdict()).isEqualTo(Verdict.WITHIN_BUDGET);
    }

    @Test
    void countsOnlyTheSourceRunWhenTheRuleSaysSo() {
        GateDecision decision = gate.decide("ranker", lineageVersion, GateTarget.stage("Production"));

        assertThat(decision.runs()).extracting(CountedRun::runName).containsExactly("train");
        assertThat(decision.verdict()).isEqualTo(Verdict.WITHIN_BUDGET);
    }

    @Test
    void sumsTheTeamsMonthAcrossAllExperiments() {
        GateDecision decision = gate.decide("ranker", teamVersion, GateTarget.stage("Staging"));

        assertThat(decision.monthlyChecks()).singleElement().satisfies(check -> {
            assertThat(check.usedKg()).isCloseTo(2.1, within(1e-9));
            assertThat(check.runCount()).isEqualTo(2);
        });
        assertThat(decision.verdict()).isEqualTo(Verdict.MONTHLY_BUDGET_EXCEEDED);
    }

    @Test
    void aNotANumberOrNegativeFigureInTheLineageRefusesThePromotion() {
        String experiment = seed.experiment("gate-invalid-figures");
        String nanSource = seed.runWithCo2e(experiment, "nan-source", Double.NaN, Map.of());
        String source = seed.runWithCo2e(experiment, "offset-parent", 0.3, Map.of());
        seed.runWithCo2e(experiment, "offset-child", -1.0, Map.of("mlflow.parentRunId", source));

        GateDecision notANumber = gate.decide("ranker", seed.version("ranker", nanSource), GateTarget.alias("champion"));
        GateDecision negative = gate.decide("ranker", seed.version("ranker", source), GateTarget.alias("champion"));

        assertThat(notANumber.verdict()).isEqualTo(Verdict.LINEAGE_UNRESOLVED);
        assertThat(notANumber.summary()).contains("carbon/co2e_kg = NaN, which is not a valid figure");
        assertThat(negative.verdict()).isEqualTo(Verdict.LINEAGE_UNRESOLVED);
        assertThat(negative.summary()).contains("carbon/co2e_kg = -1.0, which is not a valid figure");
    }

    @Test
    void promoteSetsTheAliasAndRecordsTheDecision() {
        GateDecision decision = gate.promote("ranker", lineageVersion, GateTarget.alias("champion"), false);

        assertThat(decision.allowed()).isTrue();
        assertThat(seed.aliases("ranker", lineageVersion).toString()).contains("champion");
        assertThat(seed.versionTags("ranker", lineageVersion))
                .containsEntry("carbon.gate.runs_counted", "4")
                .containsEntry("carbon.gate.co2e_kg", "1.000000");
    }
}
