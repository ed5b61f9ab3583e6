package io.carbonmlops.jenkins.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonmlops.jenkins.tracking.MlflowAccess;
import io.carbonmlops.ledger.keys.PublicKeys;
import io.carbonmlops.ledger.keys.SigningKey;
import io.carbonmlops.mlflow.gate.GateDecision;
import io.carbonmlops.mlflow.gate.GateTarget;
import io.carbonmlops.mlflow.gate.MlflowSeed;
import io.carbonmlops.mlflow.gate.TestLedger;
import io.carbonmlops.mlflow.testing.MlflowServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code carbonGate} does against a real MLflow registry and a real ledger: decide on the trusted ledger entries,
 * promote when allowed (recording the decision, signed with the gate key), never when refused.
 */
@Timeout(300)
class GateCheckMlflowTest {
    private static final String POLICY = TestLedger.trustYaml() + """
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

    @TempDir
    static Path dir;
    private static MlflowServer server;
    private static MlflowSeed seed;
    private static TestLedger ledger;
    private static String cleanVersion;
    private static String heavyVersion;

    @BeforeAll
    static void seedRegistry() {
        server = MlflowServer.start();
        seed = new MlflowSeed(server.trackingUri());
        String experiment = seed.experiment("gate-from-jenkins");
        String clean = seed.runWithCo2e(experiment, "clean", 0.4, Map.of());
        String heavy = seed.runWithCo2e(experiment, "heavy", 3.0, Map.of());
        ledger = TestLedger.in(dir);
        ledger.measure(clean, 0.4, Instant.now());
        ledger.measure(heavy, 3.0, Instant.now());
        seed.registeredModel("resnet");
        cleanVersion = seed.version("resnet", clean);
        heavyVersion = seed.version("resnet", heavy);
    }

    @AfterAll
    static void stopMlflow() {
        if (ledger != null) {
            ledger.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anAllowedPromotionIsPerformedAndDescribedForThePipeline() throws Exception {
        GateDecision decision = GateCheck.run(access(), POLICY, gateLedger(Optional.of(TestLedger.GATE)), "resnet", cleanVersion, GateTarget.stage("Production"), true);

        assertThat(decision.allowed()).isTrue();
        assertThat(seed.stage("resnet", cleanVersion)).isEqualTo("Production");
        assertThat(GateCheck.describe(decision)).containsEntry("allowed", true).containsEntry("verdict", "WITHIN_BUDGET")
                .containsEntry("co2eKg", 0.4);
        assertThat(decision.recordedAs()).isPresent();
        assertThat(ledger.decisions()).anySatisfy(entry -> assertThat(entry.signed().keyId())
                .isEqualTo(TestLedger.GATE.keyId()));
    }

    @Test
    void withoutAGateKeyAPromotionIsRefusedBeforeAnythingHappens() {
        assertThatThrownBy(() -> GateCheck.run(access(), POLICY, gateLedger(Optional.empty()), "resnet", cleanVersion,
                GateTarget.stage("Staging"), true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no gate signing key is configured");
        assertThat(seed.stage("resnet", cleanVersion)).isNotEqualTo("Staging");
    }

    @Test
    void theGateKeyMustNotBeTheMeasurementKey() {
        assertThatThrownBy(() -> new GateCheck.GateLedger(Optional.of(ledger.config()), dir.resolve("spool"),
                Optional.of(TestLedger.CI), Optional.of(TestLedger.CI))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("give the gate its own key");
    }

    @Test
    void aPolicyThatDoesNotTrustTheControllersKeyIsNamedWithTheLineToAdd() {
        assertThat(GateCheck.untrustedMeasurementKey(POLICY, Optional.of(TestLedger.CI))).isEmpty();
        assertThat(GateCheck.untrustedMeasurementKey(POLICY, Optional.of(TestLedger.OUTSIDER))).hasValueSatisfying(
                warning -> assertThat(warning).contains("trust:").contains(PublicKeys.toBase64(
                        TestLedger.OUTSIDER.publicKey())));
    }

    @Test
    void aRefusedPromotionChangesNothingAndExplainsItself() throws Exception {
        GateDecision decision = GateCheck.run(access(), POLICY, gateLedger(Optional.of(TestLedger.GATE)), "resnet", heavyVersion, GateTarget.alias("champion"), true);

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.explanation()).contains("exceeds the budget").contains(GateCheck.POLICY_LABEL);
        assertThat(seed.aliases("resnet", heavyVersion)).isEmpty();
    }

    @Test
    void withoutPromoteTheGateOnlyDecides() throws Exception {
        GateDecision decision = GateCheck.run(access(), POLICY, gateLedger(Optional.of(TestLedger.GATE)), "resnet", cleanVersion, GateTarget.alias("champion"), false);

        assertThat(decision.allowed()).isTrue();
        assertThat(seed.aliases("resnet", cleanVersion)).isEmpty();
    }

    private static GateCheck.GateLedger gateLedger(Optional<SigningKey> gateKey) {
        return new GateCheck.GateLedger(Optional.of(ledger.config()), dir.resolve("spool"), Optional.empty(), gateKey);
    }

    private static MlflowAccess access() {
        return MlflowAccess.anonymous(server.trackingUri());
    }
}
