package io.carbonmlops.mlflow.gate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonmlops.mlflow.gate.GateTarget;
import io.carbonmlops.mlflow.gate.policy.GatePolicy.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {

    private static final String FULL = """
            version: 1
            defaults:
              missing_carbon: allow
              unmatched: deny
            lineage:
              pipeline_tag: team.pipeline
              max_runs: 50
            rules:
              - model: "fraud-*"
                stage: Production
                budget_kg: 2.5
                counts: run
              - model: recommender
                alias: champion
                budget_kg: 10
            monthly_budgets:
              - tag: carbon.team
                value: vision
                budget_kg: 40
            exceptions:
              - model: fraud-detector
                version: 7
                stage: Production
                approver: alice@example.com
                reason: quarterly retrain on the new data set
                expires: 2026-12-31
            """;

    @Test
    void readsEverySectionWithItsLine() {
        GatePolicy policy = PolicyLoader.parse(FULL, "gate.yaml");

        assertThat(policy.missingCarbon()).isEqualTo(Outcome.ALLOW);
        assertThat(policy.unmatched()).isEqualTo(Outcome.DENY);
        assertThat(policy.pipelineTag()).isEqualTo("team.pipeline");
        assertThat(policy.maxLineageRuns()).isEqualTo(50);
        assertThat(policy.rules()).hasSize(2);
        BudgetRule first = policy.rules().get(0);
        assertThat(first.budgetKg()).isEqualTo(2.5);
        assertThat(first.scope()).isEqualTo(CarbonScope.RUN);
        assertThat(first.source()).isEqualTo(new PolicySource("gate.yaml", 9));
        assertThat(policy.rules().get(1).scope()).as("lineage is the default").isEqualTo(CarbonScope.LINEAGE);
        assertThat(policy.monthlyBudgets()).singleElement()
                .satisfies(b -> assertThat(b.budgetKg()).isEqualTo(40.0));
        Waiver waiver = policy.waivers().get(0);
        assertThat(waiver.version()).isEqualTo("7");
        assertThat(waiver.expires()).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(waiver.source().line()).isEqualTo(21);
    }

    @Test
    void defaultsDenyMissingRecordsAndAllowUnmatchedTargets() {
        GatePolicy policy = PolicyLoader.parse("rules:\n  - {model: m, stage: Staging, budget_kg: 1}\n", "p.yaml");

        assertThat(policy.missingCarbon()).isEqualTo(Outcome.DENY);
        assertThat(policy.unmatched()).isEqualTo(Outcome.ALLOW);
        assertThat(policy.pipelineTag()).isEqualTo("carbon.pipeline_id");
    }

    @Test
    void firstMatchingRuleWinsAndMatchingIgnoresCase() {
        GatePolicy policy = PolicyLoader.parse(FULL, "gate.yaml");

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

        assertThatThrownBy(() -> PolicyLoader.parse(yaml, "gate.yaml"))
                .isInstanceOf(PolicyException.class)
                .hasMessage("gate.yaml:4:16: rules[1].budget_kg: expected a number of kg CO2e >= 0, got 'lots'")
                .satisfies(e -> assertThat(((PolicyException) e).line()).isEqualTo(4));
    }

    @Test
    void rejectsNegativeBudgets() {
        assertThatThrownBy(() -> PolicyLoader.parse("rules:\n  - {model: m, stage: S, budget_kg: -1}\n", "p"))
                .hasMessageContaining("p:2:").hasMessageContaining("got '-1'");
    }

    @Test
    void rejectsUnknownKeysSoTyposCannotDisableABudget() {
        String yaml = "rules:\n  - model: m\n    stage: Production\n    budget_kgs: 1\n";

        assertThatThrownBy(() -> PolicyLoader.parse(yaml, "p.yaml"))
                .hasMessageStartingWith("p.yaml:4:5: rules[1]: unknown key 'budget_kgs'");
    }

    @Test
    void rejectsARuleWithBothStageAndAlias() {
        String yaml = "rules:\n  - model: m\n    stage: Production\n    alias: champion\n    budget_kg: 1\n";

        assertThatThrownBy(() -> PolicyLoader.parse(yaml, "p.yaml"))
                .hasMessageStartingWith("p.yaml:2:5: rules[1]: give exactly one of 'stage'");
    }

    @Test
    void rejectsAMissingBudget() {
        assertThatThrownBy(() -> PolicyLoader.parse("rules:\n  - model: m\n    stage: Production\n", "p.yaml"))
                .hasMessage("p.yaml:2:5: rules[1]: missing 'budget_kg'");
    }

    @Test
    void rejectsDuplicateKeys() {
        String yaml = "rules:\n  - model: m\n    model: n\n    stage: S\n    budget_kg: 1\n";

        assertThatThrownBy(() -> PolicyLoader.parse(yaml, "p.yaml")).hasMessageContaining("p.yaml:3:")
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
                + "  - {model: m, version: 3, stage: S, approver: a, reason: r%s}\n";

        assertThatThrownBy(() -> PolicyLoader.parse(base.formatted(""), "p.yaml"))
                .hasMessage("p.yaml:4:5: exceptions[1]: missing 'expires'");
        assertThatThrownBy(() -> PolicyLoader.parse(base.formatted(", expires: 31/12/2026"), "p.yaml"))
                .hasMessageContaining("exceptions[1].expires: expected a date YYYY-MM-DD, got '31/12/2026'");
    }

    @Test
    void rejectsAnExceptionForAGlobOfModels() {
        String yaml = "rules:\n  - {model: m, stage: S, budget_kg: 1}\nexceptions:\n"
                + "  - {model: 'm*', version: 3, stage: S, approver: a, reason: r, expires: 2030-01-01}\n";

        assertThatThrownBy(() -> PolicyLoader.parse(yaml, "p.yaml")).hasMessageContaining("not a glob");
    }

    @Test
    void rejectsAPolicyThatEnforcesNothing() {
        assertThatThrownBy(() -> PolicyLoader.parse("defaults:\n  unmatched: deny\n", "p.yaml"))
                .hasMessageContaining("neither 'rules' nor 'monthly_budgets'");
        assertThatThrownBy(() -> PolicyLoader.parse("", "p.yaml")).hasMessageContaining("empty");
    }

    @Test
    void rejectsAMonthlyTagValueThatCannotBeSearched() {
        String yaml = "monthly_budgets:\n  - {tag: carbon.team, value: \"o'brien\", budget_kg: 3}\n";

        assertThatThrownBy(() -> PolicyLoader.parse(yaml, "p.yaml")).hasMessageContaining("p.yaml:2:")
                .hasMessageContaining("quotes");
    }

    @Test
    void loadNamesTheFileAndAMissingFileIsAPolicyError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gate.yaml");
        Files.writeString(file, "rules:\n  - {model: m, stage: S, budget_kg: x}\n");

        assertThatThrownBy(() -> PolicyLoader.load(file)).hasMessageStartingWith(file + ":2:");
        assertThatThrownBy(() -> PolicyLoader.load(dir.resolve("absent.yaml")))
                .isInstanceOf(PolicyException.class).hasMessageContaining("cannot read the policy file");
    }
}
