package io.carbonmlops.mlflow.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.mlflow.gate.lineage.CountedRun;
import io.carbonmlops.mlflow.gate.lineage.RunRelation;
import io.carbonmlops.mlflow.gate.policy.PolicyLoader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryGateTest {
    private static final Instant NOW = Instant.parse("2026-11-30T04:00:00Z");
    private static final long THIS_MONTH = Instant.parse("2026-11-03T10:00:00Z").toEpochMilli();
    private static final long LAST_MONTH = Instant.parse("2026-10-31T23:59:59Z").toEpochMilli();
    private static final String POLICY = """
            rules:
              - model: "fraud-*"
                stage: Production
                budget_kg: 1.0
                counts: run
              - model: ranker
                alias: champion
                budget_kg: 1.5
                counts: lineage
            monthly_budgets:
              - tag: carbon.team
                value: vision
                budget_kg: 2.0
            exceptions:
              - model: fraud-detector
                version: 9
                stage: Production
                approver: alice@example.com
                reason: accepted for the audit release
                expires: 2026-12-31
              - model: fraud-detector
                version: 10
                stage: Production
                approver: bob@example.com
                reason: last quarter
                expires: 2026-11-29
            """;

    private final FakeRegistryApi api = new FakeRegistryApi();

    private RegistryGate gate(String policy) {
        return new RegistryGate(api, PolicyLoader.parse(policy, "gate.yaml"), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void allowsAVersionWithinItsBudgetAndExplainsWhy() {
        api.run("r1", "1", 0.4, Map.of(), THIS_MONTH);
        api.version("fraud-detector", "1", "r1");

        GateDecision decision = gate(POLICY).decide("fraud-detector", "1", GateTarget.stage("Production"));

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.verdict()).isEqualTo(Verdict.WITHIN_BUDGET);
        assertThat(decision.co2eKg()).hasValue(0.4);
        assertThat(decision.summary()).isEqualTo("Carbon gate allowed 'fraud-detector' version 1 to stage Production:"
                + " source run 0.4 kg CO2e (budget 1 kg) is within budget; rule #1 (model 'fraud-*',"
                + " stage Production, gate.yaml:2).");
        assertThat(decision.explanation()).contains("run r1 \"run-r1\" (source) 400 g CO2e");
    }

    @Test
    void smallFiguresReadInAUnitThatShowsThemAndNeverEqualTheirBudget() {
        api.run("r1", "1", 5.35e-9, Map.of(), THIS_MONTH);
        api.version("fraud-detector", "3", "r1");
        GateDecision tiny = gate(POLICY.replace("budget_kg: 1.0", "budget_kg: 0")).decide("fraud-detector", "3",
                GateTarget.stage("Production"));
        assertThat(tiny.summary()).contains("source run 0.00535 mg CO2e (budget 0 mg) exceeds the budget")
                .doesNotContain("0.000 kg");
        assertThat(tiny.explanation()).contains("(source) 0.00535 mg CO2e", "figure: 0.00535 mg CO2e");

        api.run("r2", "1", 1.0004, Map.of(), THIS_MONTH);
        api.version("fraud-detector", "4", "r2");
        assertThat(gate(POLICY).decide("fraud-detector", "4", GateTarget.stage("Production")).summary())
                .contains("source run 1.0004 kg CO2e (budget 1 kg) exceeds the budget");
    }

    @Test
    void refusesAVersionOverBudget() {
        api.run("r1", "1", 3.2, Map.of(), THIS_MONTH);
        api.version("fraud-detector", "2", "r1");

        GateDecision decision = gate(POLICY).decide("fraud-detector", "2", GateTarget.stage("production"));

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.verdict()).isEqualTo(Verdict.OVER_BUDGET);
        assertThat(decision.summary()).contains("source run 3.2 kg CO2e (budget 1 kg) exceeds the budget");
    }

    @Test
    void aFigureEqualToTheBudgetIsWithinIt() {
        api.run("r1", "1", 1.0, Map.of(), THIS_MONTH);
        api.version("fraud-x", "1", "r1");

        assertThat(gate(POLICY).decide("fraud-x", "1", GateTarget.stage("Production")).allowed()).isTrue();
    }

    @Test
    void aNegativeFigureInTheLineageCannotOffsetTheOthers() {
        api.run("source", "1", 2.0, Map.of(), THIS_MONTH);
        api.run("offset", "1", -1.0, Map.of("mlflow.parentRunId", "source"), THIS_MONTH);
        api.version("ranker", "1", "source");

        GateDecision decision = gate(POLICY).decide("ranker", "1", GateTarget.alias("champion"));

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.verdict()).isEqualTo(Verdict.LINEAGE_UNRESOLVED);
        assertThat(decision.summary()).contains("run offset has carbon/co2e_kg = -1.0, which is not a valid figure");
    }

    @Test
    void aSourceRunWhoseFigureIsNotANumberIsRefused() {
        api.run("r1", "1", Double.NaN, Map.of(), THIS_MONTH);
        api.version("fraud-detector", "1", "r1");

        GateDecision decision = gate(POLICY).decide("fraud-detector", "1", GateTarget.stage("Production"));

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.summary()).contains("carbon/co2e_kg = NaN");
    }

    @Test
    void refusesAVersionWithoutACarbonRecordByDefault() {
        api.run("r1", "1", null, Map.of(), THIS_MONTH);
        api.version("fraud-detector", "3", "r1");
        api.version("fraud-detector", "4", null);

        GateDecision noMetric = gate(POLICY).decide("fraud-detector", "3", GateTarget.stage("Production"));
        GateDecision noRun = gate(POLICY).decide("fraud-detector", "4", GateTarget.stage("Production"));

        assertThat(noMetric.verdict()).isEqualTo(Verdict.NO_CARBON_RECORD);
        assertThat(noMetric.summary()).contains("no carbon record (metric carbon/co2e_kg)");
        assertThat(noRun.verdict()).isEqualTo(Verdict.NO_CARBON_RECORD);
        assertThat(noRun.explanation()).contains("registered without a source run");
    }

    @Test
    void missingRecordsCanBeAllowedByPolicy() {
        api.run("r1", "1", null, Map.of(), THIS_MONTH);
        api.version("fraud-detector", "3", "r1");

        GateDecision decision = gate("defaults:\n  missing_carbon: allow\n" + POLICY)
                .decide("fraud-detector", "3", GateTarget.stage("Production"));

        assertThat(decision.verdict()).isEqualTo(Verdict.NO_CARBON_RECORD_ALLOWED);
    }

    @Test
    void countsTheWholeLineageWithEachRunsFigure() {
        api.run("root", "1", 0.1, Map.of("carbon.pipeline_id", "p-7"), THIS_MONTH);
        api.run("parent", "1", 0.2, Map.of("mlflow.parentRunId", "root"), THIS_MONTH);
        api.run("source", "1", 0.3, Map.of("mlflow.parentRunId", "parent"), THIS_MONTH);
        api.run("child", "1", 0.4, Map.of("mlflow.parentRunId", "source"), THIS_MONTH);
        api.run("grandchild", "1", null, Map.of("mlflow.parentRunId", "child"), THIS_MONTH);
        api.run("sibling", "1", 9.0, Map.of("mlflow.parentRunId", "parent"), THIS_MONTH);
        api.run("prep", "1", 0.25, Map.of("carbon.pipeline_id", "p-7"), THIS_MONTH);
        api.run("elsewhere", "2", 5.0, Map.of("carbon.pipeline_id", "p-7"), THIS_MONTH);
        api.version("ranker", "1", "source");

        GateDecision decision = gate(POLICY).decide("ranker", "1", GateTarget.alias("champion"));

        assertThat(decision.runs()).extracting(CountedRun::runId)
                .containsExactly("source", "parent", "root", "child", "grandchild", "prep");
        assertThat(decision.runs()).extracting(CountedRun::relation).containsExactly(RunRelation.SOURCE,
                RunRelation.ANCESTOR, RunRelation.ANCESTOR, RunRelation.DESCENDANT, RunRelation.DESCENDANT,
                RunRelation.PIPELINE);
        assertThat(decision.co2eKg().getAsDouble()).isCloseTo(1.25, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(decision.verdict()).as("1.25 kg within 1.5 kg").isEqualTo(Verdict.WITHIN_BUDGET);
        assertThat(decision.explanation()).contains("grandchild", "no carbon record",
                "1 counted run(s) have no carbon/co2e_kg");
    }

    @Test
    void searchesParentByParentWhenTheExperimentHasTooManyNestedRunsToScan() {
        api.run("source", "1", 0.3, Map.of(), THIS_MONTH);
        api.run("child", "1", 0.4, Map.of("mlflow.parentRunId", "source"), THIS_MONTH);
        api.run("grandchild", "1", 0.5, Map.of("mlflow.parentRunId", "child"), THIS_MONTH);
        api.run("other-root", "1", 1.0, Map.of(), THIS_MONTH);
        for (int i = 0; i < 5001; i++) {
            api.run("noise-" + i, "1", 1.0, Map.of("mlflow.parentRunId", "other-root"), THIS_MONTH);
        }
        api.version("ranker", "1", "source");

        GateDecision decision = gate(POLICY).decide("ranker", "1", GateTarget.alias("champion"));

        assertThat(decision.runs()).extracting(CountedRun::runId).containsExactly("source", "child", "grandchild");
        assertThat(api.calls).anyMatch(call -> call.endsWith("tags.`mlflow.parentRunId` = 'child'"));
    }

    @Test
    void scansNestedRunsOnceInsteadOfSearchingPerRun() {
        api.run("source", "1", 0.1, Map.of(), THIS_MONTH);
        for (int i = 0; i < 20; i++) {
            api.run("c" + i, "1", 0.01, Map.of("mlflow.parentRunId", "source"), THIS_MONTH);
        }
        api.version("ranker", "1", "source");

        GateDecision decision = gate(POLICY).decide("ranker", "1", GateTarget.alias("champion"));

        assertThat(decision.runs()).hasSize(21);
        assertThat(api.searches).as("one nested-run scan; no pipeline tag, so no pipeline search").isEqualTo(1);
    }

    @Test
    void refusesALineageLargerThanTheLimitInsteadOfUnderCounting() {
        api.run("source", "1", 0.1, Map.of(), THIS_MONTH);
        for (int i = 0; i < 5; i++) {
            api.run("c" + i, "1", 0.1, Map.of("mlflow.parentRunId", "source"), THIS_MONTH);
        }
        api.version("ranker", "1", "source");

        GateDecision decision = gate("lineage:\n  max_runs: 3\n" + POLICY)
                .decide("ranker", "1", GateTarget.alias("champion"));

        assertThat(decision.verdict()).isEqualTo(Verdict.LINEAGE_UNRESOLVED);
        assertThat(decision.summary()).contains("more than 3 runs");
    }

    @Test
    void refusesWhenTheTeamsMonthlyBudgetIsUsedUp() {
        api.run("r1", "1", 0.5, Map.of("carbon.team", "vision"), THIS_MONTH);
        api.run("r2", "1", 1.7, Map.of("carbon.team", "vision"), THIS_MONTH);
        api.run("old", "1", 50.0, Map.of("carbon.team", "vision"), LAST_MONTH);
        api.run("other", "1", 50.0, Map.of("carbon.team", "nlp"), THIS_MONTH);
        api.version("fraud-detector", "5", "r1");

        GateDecision decision = gate(POLICY).decide("fraud-detector", "5", GateTarget.stage("Production"));

        assertThat(decision.verdict()).isEqualTo(Verdict.MONTHLY_BUDGET_EXCEEDED);
        assertThat(decision.monthlyChecks()).singleElement().satisfies(check -> {
            assertThat(check.usedKg()).isCloseTo(2.2, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(check.runCount()).isEqualTo(2);
        });
        assertThat(decision.summary()).contains("carbon.team=vision used 2.2 kg CO2e in 2026-11");
    }

    /** The total once stopped at 50,000 runs; a team with more would have been judged on part of its month. */
    @Test
    void theMonthlyTotalCountsEveryRunBeyondFiftyThousand() {
        double tiny = Math.scalb(1.0, -15); // exact in binary: the sums below are exact
        for (int i = 0; i < 50_000; i++) {
            api.run("sweep-" + i, "1", tiny, Map.of("carbon.team", "vision"), THIS_MONTH);
        }
        api.run("last", "1", 1.0, Map.of("carbon.team", "vision"), THIS_MONTH);
        api.version("unruled", "1", "sweep-0");

        GateDecision decision = gate(POLICY).decide("unruled", "1", GateTarget.stage("Staging"));

        assertThat(decision.verdict()).isEqualTo(Verdict.MONTHLY_BUDGET_EXCEEDED);
        assertThat(decision.monthlyChecks()).singleElement().satisfies(check -> {
            assertThat(check.runCount()).isEqualTo(50_001);
            assertThat(check.usedKg()).isEqualTo(50_000 * tiny + 1.0);
        });
    }

    @Test
    void aNegativeRunCannotLowerTheTeamsMonthlyTotal() {
        api.run("r1", "1", 2.5, Map.of("carbon.team", "vision"), THIS_MONTH);
        api.run("credit", "1", -5.0, Map.of("carbon.team", "vision"), THIS_MONTH);
        api.version("unruled", "1", "r1");

        GateDecision decision = gate(POLICY).decide("unruled", "1", GateTarget.stage("Staging"));

        assertThat(decision.verdict()).isEqualTo(Verdict.MONTHLY_BUDGET_EXCEEDED);
        assertThat(decision.explanation()).contains("run credit has carbon/co2e_kg = -5.0, not counted");
    }

    @Test
    void monthlyBudgetsApplyEvenWhereNoRuleMatches() {
        api.run("r1", "1", 2.5, Map.of("carbon.team", "vision"), THIS_MONTH);
        api.version("unruled", "1", "r1");

        GateDecision decision = gate(POLICY).decide("unruled", "1", GateTarget.stage("Staging"));

        assertThat(decision.verdict()).isEqualTo(Verdict.MONTHLY_BUDGET_EXCEEDED);
    }

    @Test
    void aValidExceptionAllowsAndKeepsTheOverriddenReason() {
        api.run("r1", "1", 3.0, Map.of(), THIS_MONTH);
        api.version("fraud-detector", "9", "r1");

        GateDecision decision = gate(POLICY).decide("fraud-detector", "9", GateTarget.stage("Production"));

        assertThat(decision.verdict()).isEqualTo(Verdict.EXCEPTION_APPLIED);
        assertThat(decision.exception()).get().extracting(w -> w.approver()).isEqualTo("alice@example.com");
        assertThat(decision.explanation()).contains("accepted for the audit release",
                "without the exception: Carbon gate refused", "exceeds the budget");
    }

    @Test
    void anExpiredExceptionNoLongerApplies() {
        api.run("r1", "1", 3.0, Map.of(), THIS_MONTH);
        api.version("fraud-detector", "10", "r1");

        GateDecision decision = gate(POLICY).decide("fraud-detector", "10", GateTarget.stage("Production"));

        assertThat(decision.verdict()).isEqualTo(Verdict.OVER_BUDGET);
        assertThat(decision.explanation()).contains("expired on 2026-11-29");
    }

    @Test
    void unmatchedTargetsFollowTheDefault() {
        api.run("r1", "1", 99.0, Map.of(), THIS_MONTH);
        api.version("fraud-detector", "1", "r1");

        assertThat(gate(POLICY).decide("fraud-detector", "1", GateTarget.stage("Staging")).verdict())
                .isEqualTo(Verdict.NO_RULE_ALLOWED);
        assertThat(gate("defaults:\n  unmatched: deny\n" + POLICY)
                .decide("fraud-detector", "1", GateTarget.stage("Staging")).verdict())
                .isEqualTo(Verdict.NO_RULE_DENIED);
    }

    @Test
    void promptsAreNotGated() {
        api.version("ranker", "1", null);
        api.modelTags.put("ranker", Map.of(RegistryGate.PROMPT_TAG, "true"));

        assertThat(gate(POLICY).decide("ranker", "1", GateTarget.alias("champion")).verdict())
                .isEqualTo(Verdict.NOT_GATED);
    }

    @Test
    void anUnknownVersionIsRefused() {
        assertThat(gate(POLICY).decide("fraud-detector", "404", GateTarget.stage("Production")).verdict())
                .isEqualTo(Verdict.VERSION_NOT_FOUND);
    }

    @Test
    void promotePerformsOnlyAllowedPromotionsAndRecordsTheDecision() {
        api.run("light", "1", 0.5, Map.of(), THIS_MONTH);
        api.run("heavy", "1", 5.0, Map.of(), THIS_MONTH);
        api.version("fraud-detector", "1", "light");
        api.version("fraud-detector", "2", "heavy");
        RegistryGate gate = gate(POLICY);

        GateDecision allowed = gate.promote("fraud-detector", "1", GateTarget.stage("Production"), false);
        GateDecision refused = gate.promote("fraud-detector", "2", GateTarget.stage("Production"), false);

        assertThat(allowed.allowed()).isTrue();
        assertThat(refused.allowed()).isFalse();
        assertThat(api.calls).contains("transitionStage fraud-detector 1 Production")
                .doesNotContain("transitionStage fraud-detector 2 Production");
        assertThat(api.versionTags.get("fraud-detector/1")).containsEntry("carbon.gate.decision", "allowed")
                .containsEntry("carbon.gate.verdict", "WITHIN_BUDGET")
                .containsEntry("carbon.gate.co2e_kg", "0.500000")
                .containsEntry("carbon.gate.budget_kg", "1.000000")
                .containsEntry("carbon.gate.decided_at", "2026-11-30T04:00:00Z");
        assertThat(api.versionTags).doesNotContainKey("fraud-detector/2");
    }
}
