package io.carbonmlops.jenkins.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonmlops.jenkins.tracking.MlflowAccess;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.mlflow.gate.GateTarget;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Global-configuration checks, the intensity lookup and the gate's plumbing, without Jenkins. */
class CarbonChecksTest {
    @Test
    void pueChecksNameTheRangeAndTheBadValue() {
        assertThat(ConfigChecks.pue("1.2")).isEmpty();
        assertThat(ConfigChecks.pue("0.8")).hasValue("PUE must be between 1.0 and 5.0 (1.0 = no facility overhead), was 0.8");
        assertThat(ConfigChecks.pue("abc")).hasValue("PUE must be a number such as 1.2, was 'abc'");
        assertThat(ConfigChecks.pue(null)).hasValue("PUE must be a number such as 1.2");
    }

    @Test
    void trackingUriMustBeHttp() {
        assertThat(ConfigChecks.trackingUri("https://mlflow.example.com")).isEmpty();
        assertThat(ConfigChecks.trackingUri("file:///tmp/mlruns")).hasValue(
                "the MLflow tracking URI must be http(s)://host:port, was file:///tmp/mlruns");
        assertThat(ConfigChecks.trackingUri("")).isPresent();
    }

    @Test
    void providerChainsNameAnUnknownProviderAndTheKnownOnes() {
        assertThat(ConfigChecks.providers("electricitymaps, table")).isEmpty();
        assertThat(ConfigChecks.providers("electricitymaps,greenbits")).hasValueSatisfying(
                message -> assertThat(message).startsWith("unknown intensity provider 'greenbits'; known: ").contains("table"));
    }

    @Test
    void aGatePolicyErrorIsReportedWithItsLocation() {
        assertThat(ConfigChecks.gatePolicy(null)).isEmpty();
        assertThat(ConfigChecks.gatePolicy("rules: [")).hasValueSatisfying(
                message -> assertThat(message).contains(GateCheck.POLICY_LABEL));
    }

    @Test
    void intensityFromTheShippedTableCarriesItsProvenance() {
        Map<String, Object> intensity = IntensityLookup.lookup("DE", null, Map.of(), MeterClock.SYSTEM);

        assertThat(intensity).containsEntry("zone", "DE").containsEntry("provider", "table")
                .containsEntry("kind", "yearly-average").containsKeys("gramsPerKwh", "source", "from", "to");
        assertThat((Double) intensity.get("gramsPerKwh")).as("the shipped table's DE figure").isEqualTo(342.0);
        assertThat(intensity.get("fallbackReason")).isNull();
    }

    @Test
    void anUnknownZoneIsRefusedByName() {
        assertThatThrownBy(() -> IntensityLookup.lookup("Atlantis", null, Map.of(), MeterClock.SYSTEM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Atlantis");
    }

    @Test
    void theGateNeedsAConfiguredPolicy() {
        assertThatThrownBy(() -> GateCheck.run(MlflowAccess.anonymous("http://127.0.0.1:9"), " ",
                new GateCheck.GateLedger(Optional.empty(), Path.of("spool"), Optional.empty(), Optional.empty()), "m",
                "1", GateTarget.stage("Production"), false))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("carbonGate: no gate policy is configured");
    }

    /** The Jenkins credentials go through the one client's one rule, like the environment's. */
    @Test
    void mlflowAuthorizationIsBearerForATokenAndBasicForAUser() {
        assertThat(MlflowAccess.anonymous("http://m").config().credentials().authorizationHeader()).isEmpty();
        assertThat(new MlflowAccess("http://m", null, null, "tok").config().credentials().authorizationHeader())
                .hasValue("Bearer tok");
        assertThat(new MlflowAccess("http://m", "ci", "pw", null).config().credentials().authorizationHeader())
                .hasValue("Basic Y2k6cHc=");
    }
}
