package io.carbonmlops.jenkins.carbon;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.jenkins.tracking.MlflowAccess;
import io.carbonmlops.mlflow.gate.GateDecision;
import io.carbonmlops.mlflow.gate.GateTarget;
import io.carbonmlops.mlflow.gate.MlflowSeed;
import io.carbonmlops.mlflow.testing.MlflowServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What {@code carbonGate} does against a real MLflow registry: decide, promote when allowed, never when refused. */
@Timeout(300)
class GateCheckMlflowTest {
    private static final String POLICY = """
            rules:
              - model: resnet
                stage: Production
                budget_kg: 1.0
                counts: run
              - model: resnet
                alias: champion
                budget_kg: 1.0
                counts: run
            """;

    private static MlflowServer server;
    private static MlflowSeed seed;
    private static String cleanVersion;
    private static String heavyVersion;

    @BeforeAll
    static void seedRegistry() {
        server = MlflowServer.start();
        seed = new MlflowSeed(server.trackingUri());
        String experiment = seed.experiment("gate-from-jenkins");
        String clean = seed.runWithCo2e(experiment, "clean", 0.4, Map.of());
        String heavy = seed.runWithCo2e(experiment, "heavy", 3.0, Map.of());
        seed.registeredModel("resnet");
        cleanVersion = seed.version("resnet", clean);
        heavyVersion = seed.version("resnet", heavy);
    }

    @AfterAll
    static void stopMlflow() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anAllowedPromotionIsPerformedAndDescribedForThePipeline() throws Exception {
        GateDecision decision = GateCheck.run(access(), POLICY, "resnet", cleanVersion, GateTarget.stage("Production"), true);

        assertThat(decision.allowed()).isTrue();
        assertThat(seed.stage("resnet", cleanVersion)).isEqualTo("Production");
        assertThat(GateCheck.describe(decision)).containsEntry("allowed", true).containsEntry("verdict", "WITHIN_BUDGET")
                .containsEntry("co2eKg", 0.4);
    }

    @Test
    void aRefusedPromotionChangesNothingAndExplainsItself() throws Exception {
        GateDecision decision = GateCheck.run(access(), POLICY, "resnet", heavyVersion, GateTarget.alias("champion"), true);

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.explanation()).contains("exceeds the budget").contains(GateCheck.POLICY_LABEL);
        assertThat(seed.aliases("resnet", heavyVersion)).isEmpty();
    }

    @Test
    void withoutPromoteTheGateOnlyDecides() throws Exception {
        GateDecision decision = GateCheck.run(access(), POLICY, "resnet", cleanVersion, GateTarget.alias("champion"), false);

        assertThat(decision.allowed()).isTrue();
        assertThat(seed.aliases("resnet", cleanVersion)).isEmpty();
    }

    private static MlflowAccess access() {
        return MlflowAccess.anonymous(server.trackingUri());
    }
}
