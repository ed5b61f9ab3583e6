package io.carbonmlops.mlflow.gate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonmlops.ledger.keys.PublicKeys;
import io.carbonmlops.mlflow.gate.GateTarget;
import io.carbonmlops.mlflow.gate.TestLedger;
import io.carbonmlops.mlflow.gate.policy.GatePolicy.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {
    /** Every policy needs a trust list; appended at the end, it leaves the line numbers of the rest unchanged. */
    private static GatePolicy parse(String yaml, String file) {
        return PolicyLoader.parse(yaml + TestLedger.trustYaml(), file);
    }

    private static final String FULL = """
            version: 1
            defaults:
              missing_carbon: allow
              unmatched: deny
            lineage:
              max_runs: 50
            ledger: /var/lib/carbon/ledger.db
            rules:
              - model: "fraud-*"
                stage: Production
                budget_kg: 2.5
                counts: run
                signed_by: ci
              - model: recommender
                alias: champion
                budget_kg: 10
            monthly_budgets:
              - team: vision
                budget_kg: 40
              - project: segmentation
                budget_kg: 100
            exceptions:
              - model: fraud-detector
                version: 7
                run_id: 3f1c9e2ab6d44c0f9a1e2b7c8d9e0f11
                created_at: 2026-11-30T10:15:02.123Z
                stage: Production
                approver: alice@example.com
                reason: quarterly retrain on the new data set
                expires: 2026-12-31
            """;

    @Test
    void readsEverySectionWithItsLine() {
        GatePolicy policy = parse(FULL, "gate.yaml");

        assertThat(policy.missingCarbon()).isEqualTo(Outcome.ALLOW);
        assertThat(policy.unmatched()).isEqualTo(Outcome.DENY);
        assertThat(policy.maxLineageRuns()).isEqualTo(50);
        assertThat(policy.ledger()).contains("/var/lib/carbon/ledger.db");
        assertThat(policy.trust().keys()).extracting(k -> k.name()).containsExactly("ci", "laptop");
        assertThat(policy.rules()).hasSize(2);
        BudgetRule first = policy.rules().get(0);
        assertThat(first.budgetKg()).isEqualTo(2.5);
        assertThat(first.scope()).isEqualTo(CarbonScope.RUN);
        assertThat(first.source()).isEqualTo(new PolicySource("gate.yaml", 9));
        assertThat(first.signedBy()).contains("ci");
        assertThat(policy.rules().get(1).signedBy()).isEmpty();
        assertThat(policy.rules().get(1).scope()).as("lineage is the default").isEqualTo(CarbonScope.LINEAGE);
        assertThat(policy.monthlyBudgets()).extracting(MonthlyBudget::label)
                .containsExactly("team=vision", "project=segmentation");
        assertThat(policy.monthlyBudgets().get(0).budgetKg()).isEqualTo(40.0);
        Waiver waiver = policy.waivers().get(0);
        assertThat(waiver.version()).isEqualTo("7");
        assertThat(waiver.runId()).contains("3f1c9e2ab6d44c0f9a1e2b7c8d9e0f11");
        assertThat(waiver.createdAt()).isEqualTo(Instant.parse("2026-11-30T10:15:02.123Z"));
        assertThat(waiver.expires()).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(waiver.source().line()).isEqualTo(23);
    }

    @Test
    void defaultsDenyMissingRecordsAndAllowUnmatchedTargets() {
        GatePolicy policy = parse("rules:\n  - {model: m, stage: Staging, budget_kg: 1}\n", "p.yaml");

        assertThat(policy.missingCarbon()).isEqualTo(Outcome.DENY);
        assertThat(policy.unmatched()).isEqualTo(Outcome.ALLOW);
        assertThat(policy.ledger()).isEmpty();
    }

    @Test
    void firstMatchingRuleWinsAndMatchingIgnoresCase() {
        GatePolicy policy = parse(FULL, "gate.yaml");

        assertThat(policy.ruleFor("FRAUD-detector", GateTarget.stage("production"))).get()
                .extracting(BudgetRule::index).isEqualTo(1);
        assertThat(policy.ruleFor("recommender", GateTarget.alias("Champion"))).get()
                .extracting(BudgetRule::index).isEqualTo(2);
        assertThat(policy.ruleFor("fraud-detector", GateTarget.stage("Staging"))).isEmpty();
        assertThat(policy.ruleFor("recommender", GateTarget.stage("champion")))
                .as("an alias rule does not cover a stage of the same name").isEmpty();
    }

    @Test
    void rejectsANonNumericBudgetNamingFileLineAndColumn() {
        String yaml = """
                rules:
                  - model: m
                    stage: Production
                    budget_kg: lots
                """;

        assertThatThrownBy(() -> parse(yaml, "gate.yaml"))
                .isInstanceOf(PolicyException.class)
                .hasMessage("gate.yaml:4:16: rules[1].budget_kg: expected a number of kg CO2e >= 0, got 'lots'")
                .satisfies(e -> assertThat(((PolicyException) e).line()).isEqualTo(4));
    }

    @Test
    void rejectsNegativeBudgets() {
        assertThatThrownBy(() -> parse("rules:\n  - {model: m, stage: S, budget_kg: -1}\n", "p"))
                .hasMessageContaining("p:2:").hasMessageContaining("got '-1'");
    }

    @Test
    void rejectsUnknownKeysSoTyposCannotDisableABudget() {
        String yaml = "rules:\n  - model: m\n    stage: Production\n    budget_kgs: 1\n";

        assertThatThrownBy(() -> parse(yaml, "p.yaml"))
                .hasMessageStartingWith("p.yaml:4:5: rules[1]: unknown key 'budget_kgs'");
    }

    @Test
    void rejectsARuleWithBothStageAndAlias() {
        String yaml = "rules:\n  - model: m\n    stage: Production\n    alias: champion\n    budget_kg: 1\n";

        assertThatThrownBy(() -> parse(yaml, "p.yaml"))
                .hasMessageStartingWith("p.yaml:2:5: rules[1]: give exactly one of 'stage'");
    }

    @Test
    void rejectsAMissingBudget() {
        assertThatThrownBy(() -> parse("rules:\n  - model: m\n    stage: Production\n", "p.yaml"))
                .hasMessage("p.yaml:2:5: rules[1]: missing 'budget_kg'");
    }

    @Test
    void rejectsDuplicateKeys() {
        String yaml = "rules:\n  - model: m\n    model: n\n    stage: S\n    budget_kg: 1\n";

        assertThatThrownBy(() -> parse(yaml, "p.yaml")).hasMessageContaining("p.yaml:3:")
                .hasMessageContaining("model");
    }

    @Test
    void rejectsBrokenYamlWithThePositionOfTheProblem() {
        String yaml = "rules:\n  - model: m\n    stage: [Production\n";

        assertThatThrownBy(() -> PolicyLoader.parse(yaml, "p.yaml"))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("p.yaml:4:").hasMessageContaining("not valid YAML");
    }

    @Test
    void rejectsAnExceptionWithoutExpiryOrWithABadDate() {
        String base = "rules:\n  - {model: m, stage: S, budget_kg: 1}\nexceptions:\n"
                + "  - {model: m, version: 3, run_id: r, created_at: '2026-11-30T10:15:02.123Z', stage: S, approver: a,"
                + " reason: r%s}\n";

        assertThatThrownBy(() -> parse(base.formatted(""), "p.yaml"))
                .hasMessage("p.yaml:4:5: exceptions[1]: missing 'expires'");
        assertThatThrownBy(() -> parse(base.formatted(", expires: 31/12/2026"), "p.yaml"))
                .hasMessageContaining("exceptions[1].expires: expected a date YYYY-MM-DD, got '31/12/2026'");
    }

    @Test
    void rejectsAnExceptionForAGlobOfModels() {
        String yaml = "rules:\n  - {model: m, stage: S, budget_kg: 1}\nexceptions:\n"
                + "  - {model: 'm*', version: 3, run_id: none, created_at: '2026-11-30T10:15:02.123Z', stage: S,"
                + " approver: a, reason: r, expires: 2030-01-01}\n";

        assertThatThrownBy(() -> parse(yaml, "p.yaml")).hasMessageContaining("not a glob");
    }

    @Test
    void rejectsAPolicyThatEnforcesNothing() {
        assertThatThrownBy(() -> parse("defaults:\n  unmatched: deny\n", "p.yaml"))
                .hasMessageContaining("neither 'rules' nor 'monthly_budgets'");
        assertThatThrownBy(() -> PolicyLoader.parse("", "p.yaml")).hasMessageContaining("empty");
    }

    @Test
    void rejectsTheObsoleteTagBasedKeysWithWhatReplacesThem() {
        assertThatThrownBy(() -> parse("monthly_budgets:\n  - {tag: carbon.team, value: vision, budget_kg: 3}\n",
                "p.yaml")).hasMessageStartingWith("p.yaml:2:6: monthly_budgets[1].tag: run tags are no longer read:"
                        + " give 'team: NAME' or 'project: NAME'");
        assertThatThrownBy(() -> parse("lineage:\n  pipeline_tag: carbon.pipeline_id\nrules:\n"
                + "  - {model: m, stage: S, budget_kg: 1}\n", "p.yaml"))
                .hasMessageStartingWith("p.yaml:2:3: lineage.pipeline_tag: run tags are no longer read: the pipeline"
                        + " is the pipeline_id recorded in the ledger entries' attribution");
    }

    @Test
    void anExceptionMustNameTheVersionsIdentity() {
        String yaml = "rules:\n  - {model: m, stage: S, budget_kg: 1}\nexceptions:\n"
                + "  - {model: m, version: 3, stage: S, approver: a, reason: r, expires: 2030-01-01}\n";

        assertThatThrownBy(() -> parse(yaml, "p.yaml")).hasMessageStartingWith("p.yaml:4:5: exceptions[1]: an"
                + " exception binds to the version's identity: give 'run_id' (or 'none') and 'created_at'");
        assertThatThrownBy(() -> parse(yaml.replace("version: 3,", "version: 3, run_id: r, created_at: yesterday,"),
                "p.yaml")).hasMessageContaining("exceptions[1].created_at: expected the version's creation time");
    }

    @Test
    void requiresATrustListAndSignersFromIt() {
        String rules = "rules:\n  - {model: m, stage: S, budget_kg: 1}\n";

        assertThatThrownBy(() -> PolicyLoader.parse(rules, "p.yaml"))
                .hasMessageContaining("the policy has no 'trust' list");
        assertThatThrownBy(() -> PolicyLoader.parse(rules + "trust: []\n", "p.yaml"))
                .hasMessageContaining("trust: the list is empty");
        assertThatThrownBy(() -> PolicyLoader.parse(rules + "trust:\n  - {name: ci, public_key: not-a-key}\n",
                "p.yaml")).hasMessageStartingWith("p.yaml:4:").hasMessageContaining("trust[1].public_key:");
        String twice = PublicKeys.toBase64(TestLedger.CI.publicKey());
        assertThatThrownBy(() -> PolicyLoader.parse(rules + "trust:\n  - {name: a, public_key: " + twice
                + "}\n  - {name: b, public_key: " + twice + "}\n", "p.yaml")).hasMessageContaining("same key");
        assertThatThrownBy(() -> parse("rules:\n  - {model: m, stage: S, budget_kg: 1, signed_by: jenkins-prod}\n",
                "p.yaml")).hasMessageContaining("rules[1].signed_by: 'jenkins-prod' is not a name in the 'trust'"
                        + " list [ci, laptop]");
    }

    @Test
    void rejectsAMalformedLedgerLocation() {
        assertThatThrownBy(() -> parse("ledger: 'postgresql://db'\nrules:\n  - {model: m, stage: S, budget_kg: 1}\n",
                "p.yaml")).hasMessageStartingWith("p.yaml:1:9: ledger:");
    }

    @Test
    void loadNamesTheFileAndAMissingFileIsAPolicyError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gate.yaml");
        Files.writeString(file, "rules:\n  - {model: m, stage: S, budget_kg: x}\n" + TestLedger.trustYaml());

        assertThatThrownBy(() -> PolicyLoader.load(file)).hasMessageStartingWith(file + ":2:");
        assertThatThrownBy(() -> PolicyLoader.load(dir.resolve("absent.yaml")))
                .isInstanceOf(PolicyException.class).hasMessageContaining("cannot read the policy file");
    }
}
