package io.carbonmlops.mlflow.gate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which renames keep a model under the same rules ({@link GatePolicy#renameConflict}). */
class GatePolicyTest {

    private static GatePolicy policy(String yaml) {
        return PolicyLoader.parse(yaml + io.carbonmlops.mlflow.gate.TestLedger.trustYaml(), "p.yaml");
    }

    @Test
    void aRenameThatChangesTheFirstMatchingRuleIsAConflict() {
        GatePolicy policy = policy("""
                rules:
                  - {model: strict, stage: Production, budget_kg: 1}
                  - {model: "*", stage: Production, budget_kg: 50}
                """);

        assertThat(policy.renameConflict("strict", "loose")).get().asString()
                .contains("for stage Production, 'strict' is governed by rule #1")
                .contains("but 'loose' by rule #2");
        assertThat(policy.renameConflict("loose", "other")).as("both under rule #2").isEmpty();
    }

    @Test
    void aRuleShadowedForEveryTargetItNamesDoesNotBlockARename() {
        GatePolicy policy = policy("""
                rules:
                  - {model: "*", stage: Production, budget_kg: 5}
                  - {model: x, stage: Production, budget_kg: 1}
                """);

        assertThat(policy.renameConflict("x", "y")).isEmpty();
    }

    @Test
    void aGlobTargetRuleMustCoverBothNamesOrNeither() {
        GatePolicy policy = policy("""
                rules:
                  - {model: "fraud-*", alias: "*", budget_kg: 1}
                """);

        assertThat(policy.renameConflict("fraud-a", "scratch")).get().asString()
                .contains("rule #1 (model 'fraud-*', alias *, p.yaml:2) covers 'fraud-a' but not 'scratch'");
        assertThat(policy.renameConflict("scratch", "fraud-a")).get().asString()
                .contains("covers 'fraud-a' but not 'scratch'");
        assertThat(policy.renameConflict("fraud-a", "fraud-b")).isEmpty();
        assertThat(policy.renameConflict("a", "b")).isEmpty();
    }

    @Test
    void aRenameMayNotMoveAModelOntoOrOffANameWithAnException() {
        GatePolicy policy = policy("""
                rules:
                  - {model: "*", stage: Production, budget_kg: 1}
                exceptions:
                  - {model: waived, version: 3, run_id: none, created_at: "2026-11-30T10:15:02.123Z", stage: Production,
                     approver: a, reason: r, expires: 2026-12-31}
                """);

        assertThat(policy.renameConflict("plain", "waived")).get().asString()
                .contains("an exception (p.yaml:4) is approved for 'waived' only");
        assertThat(policy.renameConflict("waived", "plain")).isPresent();
        assertThat(policy.renameConflict("plain", "other")).isEmpty();
    }
}
