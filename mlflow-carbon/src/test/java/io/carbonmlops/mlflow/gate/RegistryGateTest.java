package io.carbonmlops.mlflow.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.carbonmlops.ledger.Attribution;
import io.carbonmlops.ledger.CarbonLedger;
import io.carbonmlops.ledger.StoredEntry;
import io.carbonmlops.mlflow.gate.api.ModelVersionRecord;
import io.carbonmlops.mlflow.gate.lineage.CountedRun;
import io.carbonmlops.mlflow.gate.lineage.RunRelation;
import io.carbonmlops.mlflow.gate.policy.PolicyLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision logic over a real SQLite ledger and an in-memory registry. */
class RegistryGateTest {
    private static final Instant NOW = Instant.parse("2026-11-30T04:00:00Z");
    private static final Instant THIS_MONTH = Instant.parse("2026-11-03T10:00:00Z");
    private static final Instant LAST_MONTH = Instant.parse("2026-10-31T23:59:59Z");
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
              - model: audited
                stage: Production
                budget_kg: 1.0
                counts: run
                signed_by: ci
              - model: served
                alias: champion
                budget_kg: 10
                counts: run
                max_inference_g_per_1k: 2.0
            monthly_budgets:
              - team: vision
                budget_kg: 2.0
            exceptions:
              - model: fraud-detector
                version: 9
                run_id: r9
                created_at: 2026-11-20T10:15:02.123Z
                stage: Production
                approver: alice@example.com
                reason: accepted for the audit release
                expires: 2026-12-31
              - model: fraud-detector
                version: 10
                run_id: r10
                created_at: 2026-11-20T10:15:02.123Z
                stage: Production
                approver: bob@example.com
                reason: last quarter
                expires: 2026-11-29
            """;

    @TempDir
    Path dir;
    private final FakeRegistryApi api = new FakeRegistryApi();
    private TestLedger ledger;

    @BeforeEach
    void openLedger() {
        ledger = TestLedger.in(dir);
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    private RegistryGate gate(String policy) {
        return gate(policy, ledger.ledger());
    }

    private RegistryGate gate(String policy, CarbonLedger carbonLedger) {
        return new RegistryGate(api, PolicyLoader.parse(TestLedger.trustYaml() + policy, "gate.yaml"), carbonLedger,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void measure(String runId, double kg) {
        ledger.measure(runId, kg, THIS_MONTH);
    }

    private void measure(Attribution attribution, double kg) {
        ledger.measure(TestLedger.CI, attribution, kg, THIS_MONTH);
    }

    private static Attribution run(String runId) {
        return Attribution.none().withMlflowRun("1", runId);
    }

    @Test
    void allowsAVersionWithinItsBudgetAndExplainsWhy() {
        measure("r1", 0.4);
        api.version("fraud-detector", "1", "r1");

        GateDecision decision = gate(POLICY).decide("fraud-detector", "1", GateTarget.stage("Production"));

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.verdict()).isEqualTo(Verdict.WITHIN_BUDGET);
        assertThat(decision.co2eKg()).hasValue(0.4);
        assertThat(decision.summary()).isEqualTo("Carbon gate allowed 'fraud-detector' version 1 to stage Production:"
                + " source run 0.4 kg CO2e (budget 1 kg) is within budget; rule #1 (model 'fraud-*',"
                + " stage Production, gate.yaml:7).");
        assertThat(decision.explanation()).contains("run r1 (source) 400 g CO2e from 1 entry signed by ci",
                "version identity: run_id: r1, created_at: 2026-11-20T10:15:02.123Z", "ledger head: 1:");
    }

    @Test
    void smallFiguresReadInAUnitThatShowsThemAndNeverEqualTheirBudget() {
        measure("r1", 5.35e-9);
        api.version("fraud-detector", "3", "r1");
        GateDecision tiny = gate(POLICY.replace("budget_kg: 1.0", "budget_kg: 0")).decide("fraud-detector", "3",
                GateTarget.stage("Production"));
        assertThat(tiny.summary()).contains("source run 0.00535 mg CO2e (budget 0 mg) exceeds the budget")
                .doesNotContain("0.000 kg");
        assertThat(tiny.explanation()).contains("(source) 0.00535 mg CO2e", "figure: 0.00535 mg CO2e");

        measure("r2", 1.0004);
        api.version("fraud-detector", "4", "r2");
        assertThat(gate(POLICY).decide("fraud-detector", "4", GateTarget.stage("Production")).summary())
                .contains("source run 1.0004 kg CO2e (budget 1 kg) exceeds the budget");
    }

    @Test
    void refusesAVersionOverBudgetSummingEveryEntryOfItsRun() {
        measure("r1", 1.2);
        measure("r1", 2.0);
        api.version("fraud-detector", "2", "r1");

        GateDecision decision = gate(POLICY).decide("fraud-detector", "2", GateTarget.stage("production"));

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.verdict()).isEqualTo(Verdict.OVER_BUDGET);
        assertThat(decision.summary()).contains("source run 3.2 kg CO2e (budget 1 kg) exceeds the budget");
    }

    @Test
    void aFigureEqualToTheBudgetIsWithinIt() {
        measure("r1", 1.0);
        api.version("fraud-x", "1", "r1");

        assertThat(gate(POLICY).decide("fraud-x", "1", GateTarget.stage("Production")).allowed()).isTrue();
    }

    @Test
    void aNegativeFigureInTheLineageCannotOffsetTheOthers() {
        measure("source", 2.0);
        measure(run("offset").withParentRunId("source"), -1.0);
        api.version("ranker", "1", "source");

        GateDecision decision = gate(POLICY).decide("ranker", "1", GateTarget.alias("champion"));

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.verdict()).isEqualTo(Verdict.LINEAGE_UNRESOLVED);
        assertThat(decision.summary()).contains("of offset has co2e_kg = -1.0, which is not a valid figure");
    }

    @Test
    void unsignedUntrustedAndOtherSignersEntriesAreNoCarbonRecord() {
        ledger.measure(null, run("r1"), 0.1, THIS_MONTH);
        ledger.measure(TestLedger.OUTSIDER, run("r1"), 0.1, THIS_MONTH);
        api.version("fraud-detector", "1", "r1");
        ledger.measure(TestLedger.LAPTOP, run("r2"), 0.1, THIS_MONTH);
        api.version("audited", "1", "r2");

        GateDecision untrusted = gate(POLICY).decide("fraud-detector", "1", GateTarget.stage("Production"));
        GateDecision otherSigner = gate(POLICY).decide("audited", "1", GateTarget.stage("Production"));

        assertThat(untrusted.verdict()).isEqualTo(Verdict.NO_CARBON_RECORD);
        assertThat(untrusted.co2eKg()).isEmpty();
        assertThat(untrusted.explanation()).contains("no carbon record (no ledger entry signed by a trusted key)",
                "ledger entries not counted: 1 signed by a key the trust list does not name, 1 unsigned");
        assertThat(otherSigner.verdict()).as("the rule requires ci; laptop is trusted but not enough")
                .isEqualTo(Verdict.NO_CARBON_RECORD);
        assertThat(otherSigner.summary()).contains("no ledger entry signed by 'ci'");
        assertThat(otherSigner.explanation()).contains("signed by 'laptop', not by 'ci' as the rule requires");
    }

    @Test
    void aRowEditedAfterTheGateTrustedItIsCheckedAgainAndNoLongerCounts() throws Exception {
        measure("r1", 3.0);
        api.version("fraud-detector", "1", "r1");
        RegistryGate gate = gate(POLICY);
        assertThat(gate.decide("fraud-detector", "1", GateTarget.stage("Production")).verdict())
                .isEqualTo(Verdict.OVER_BUDGET);

        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + ledger.file());
                java.sql.Statement sql = db.createStatement()) {
            sql.execute("DROP TRIGGER IF EXISTS ledger_entries_no_update");
            assertThat(sql.executeUpdate("UPDATE ledger_entries SET payload = replace(payload, '\"co2e_kg\":3,',"
                    + " '\"co2e_kg\":0.3,'), co2e_kg = 0.3 WHERE mlflow_run_id = 'r1'")).isEqualTo(1);
        }
        GateDecision after = gate.decide("fraud-detector", "1", GateTarget.stage("Production"));

        assertThat(after.verdict()).as("the owner lowered the figure in place; the signature no longer holds")
                .isEqualTo(Verdict.NO_CARBON_RECORD);
        assertThat(after.explanation()).contains("failing verification");
    }

    @Test
    void aRuleThatRequiresASignerCountsThatSignersEntries() {
        ledger.measure(TestLedger.CI, run("r1"), 3.0, THIS_MONTH);
        ledger.measure(TestLedger.LAPTOP, run("r1"), 0.1, THIS_MONTH);
        api.version("audited", "1", "r1");

        GateDecision decision = gate(POLICY).decide("audited", "1", GateTarget.stage("Production"));

        assertThat(decision.verdict()).isEqualTo(Verdict.OVER_BUDGET);
        assertThat(decision.co2eKg()).hasValue(3.0);
    }

    @Test
    void refusesAVersionWithoutACarbonRecordByDefault() {
        api.version("fraud-detector", "3", "r1");
        api.version("fraud-detector", "4", null);

        GateDecision noEntry = gate(POLICY).decide("fraud-detector", "3", GateTarget.stage("Production"));
        GateDecision noRun = gate(POLICY).decide("fraud-detector", "4", GateTarget.stage("Production"));

        assertThat(noEntry.verdict()).isEqualTo(Verdict.NO_CARBON_RECORD);
        assertThat(noEntry.summary()).contains("no carbon record (no ledger entry signed by a trusted key) for the"
                + " counted runs");
        assertThat(noRun.verdict()).isEqualTo(Verdict.NO_CARBON_RECORD);
        assertThat(noRun.explanation()).contains("names no source run");
    }

    @Test
    void missingRecordsCanBeAllowedByPolicy() {
        api.version("fraud-detector", "3", "r1");

        GateDecision decision = gate("defaults:\n  missing_carbon: allow\n" + POLICY)
                .decide("fraud-detector", "3", GateTarget.stage("Production"));

        assertThat(decision.verdict()).isEqualTo(Verdict.NO_CARBON_RECORD_ALLOWED);
    }

    @Test
    void countsTheLineageTheSignedEntriesRecord() {
        measure(run("root").withPipelineId("p-7"), 0.1);
        measure(run("parent").withParentRunId("root"), 0.2);
        measure(run("source").withParentRunId("parent"), 0.3);
        measure(run("child").withParentRunId("source"), 0.4);
        measure(run("grandchild").withParentRunId("child"), 0.05);
        measure(run("sibling").withParentRunId("parent"), 9.0);
        measure(Attribution.none().withPipelineId("p-7"), 0.2);
        api.version("ranker", "1", "source");

        GateDecision decision = gate(POLICY).decide("ranker", "1", GateTarget.alias("champion"));

        assertThat(decision.runs()).extracting(CountedRun::runId).startsWith("source", "parent", "root", "child",
                "grandchild").hasSize(6).noneMatch("sibling"::equals);
        assertThat(decision.runs().get(5).runId()).as("a pipeline step measured without MLflow").startsWith("entry ");
        assertThat(decision.runs()).extracting(CountedRun::relation).containsExactly(RunRelation.SOURCE,
                RunRelation.ANCESTOR, RunRelation.ANCESTOR, RunRelation.DESCENDANT, RunRelation.DESCENDANT,
                RunRelation.PIPELINE);
        assertThat(decision.co2eKg().getAsDouble()).isCloseTo(1.25, Offset.offset(1e-9));
        assertThat(decision.verdict()).as("1.25 kg within 1.5 kg").isEqualTo(Verdict.WITHIN_BUDGET);
    }

    @Test
    void lineageFromUntrustedEntriesIsIgnored() {
        measure("source", 0.3);
        ledger.measure(TestLedger.OUTSIDER, run("source").withPipelineId("p-9"), 0.0, THIS_MONTH);
        measure(run("expensive").withPipelineId("p-9"), 5.0);
        api.version("ranker", "1", "source");

        GateDecision decision = gate(POLICY).decide("ranker", "1", GateTarget.alias("champion"));

        assertThat(decision.runs()).extracting(CountedRun::runId).containsExactly("source");
    }

    @Test
    void refusesALineageLargerThanTheLimitInsteadOfUnderCounting() {
        measure("source", 0.1);
        for (int i = 0; i < 5; i++) {
            measure(run("c" + i).withParentRunId("source"), 0.1);
        }
        api.version("ranker", "1", "source");

        GateDecision decision = gate("lineage:\n  max_runs: 3\n" + POLICY)
                .decide("ranker", "1", GateTarget.alias("champion"));

        assertThat(decision.verdict()).isEqualTo(Verdict.LINEAGE_UNRESOLVED);
        assertThat(decision.summary()).contains("more than 3 runs");
    }

    @Test
    void countsTheLoggedModelsSourceRunWhenItDiffersFromTheVersionsRun() {
        measure("cheap", 0.1);
        measure("expensive", 5.0);
        api.loggedModelRuns.put("m-1", "expensive");
        api.version(new ModelVersionRecord("fraud-detector", "1", Optional.of("cheap"), "models:/m-1",
                Optional.of("m-1"), FakeRegistryApi.CREATED, "None", List.of(), Map.of()));

        GateDecision decision = gate(POLICY).decide("fraud-detector", "1", GateTarget.stage("Production"));

        assertThat(decision.verdict()).isEqualTo(Verdict.OVER_BUDGET);
        assertThat(decision.runs()).extracting(CountedRun::runId).containsExactly("cheap", "expensive");
        assertThat(decision.explanation()).contains("the version names several source runs, all counted");
    }

    @Test
    void countsTheRunItsSourceUriNames() {
        measure("expensive", 5.0);
        api.version(new ModelVersionRecord("fraud-detector", "1", Optional.empty(), "runs:/expensive/model",
                Optional.empty(), FakeRegistryApi.CREATED, "None", List.of(), Map.of()));

        assertThat(gate(POLICY).decide("fraud-detector", "1", GateTarget.stage("Production")).verdict())
                .isEqualTo(Verdict.OVER_BUDGET);
    }

    @Test
    void refusesWhenTheTeamsMonthlyBudgetIsUsedUp() {
        measure(run("r1").withTeam("vision"), 0.5);
        measure(run("r2").withTeam("vision"), 1.7);
        ledger.measure(TestLedger.CI, run("old").withTeam("vision"), 50.0, LAST_MONTH);
        measure(run("other").withTeam("nlp"), 50.0);
        ledger.measure(TestLedger.OUTSIDER, run("forged").withTeam("vision"), 50.0, THIS_MONTH);
        api.version("fraud-detector", "5", "r1");

        GateDecision decision = gate(POLICY).decide("fraud-detector", "5", GateTarget.stage("Production"));

        assertThat(decision.verdict()).isEqualTo(Verdict.MONTHLY_BUDGET_EXCEEDED);
        assertThat(decision.monthlyChecks()).singleElement().satisfies(check -> {
            assertThat(check.usedKg()).isCloseTo(2.2, Offset.offset(1e-9));
            assertThat(check.entryCount()).isEqualTo(2);
        });
        assertThat(decision.summary()).contains("team=vision used 2.2 kg CO2e in 2026-11");
    }

    @Test
    void aNegativeEntryCannotLowerTheTeamsMonthlyTotal() {
        measure(run("r1").withTeam("vision"), 2.5);
        measure(run("credit").withTeam("vision"), -5.0);
        api.version("unruled", "1", "r1");

        GateDecision decision = gate(POLICY).decide("unruled", "1", GateTarget.stage("Staging"));

        assertThat(decision.verdict()).isEqualTo(Verdict.MONTHLY_BUDGET_EXCEEDED);
        assertThat(decision.explanation()).contains("has co2e_kg = -5.0, not counted toward monthly budget team=vision");
    }

    @Test
    void monthlyBudgetsApplyEvenWhereNoRuleMatches() {
        measure(run("r1").withTeam("vision"), 2.5);
        api.version("unruled", "1", "r1");

        GateDecision decision = gate(POLICY).decide("unruled", "1", GateTarget.stage("Staging"));

        assertThat(decision.verdict()).isEqualTo(Verdict.MONTHLY_BUDGET_EXCEEDED);
    }

    @Test
    void aValidExceptionAllowsAndKeepsTheOverriddenReason() {
        measure("r9", 3.0);
        api.version("fraud-detector", "9", "r9");

        GateDecision decision = gate(POLICY).decide("fraud-detector", "9", GateTarget.stage("Production"));

        assertThat(decision.verdict()).isEqualTo(Verdict.EXCEPTION_APPLIED);
        assertThat(decision.exception()).get().extracting(w -> w.approver()).isEqualTo("alice@example.com");
        assertThat(decision.explanation()).contains("accepted for the audit release",
                "without the exception: Carbon gate refused", "exceeds the budget");
    }

    @Test
    void anExceptionDoesNotCoverARecreatedVersionWithTheSameNumber() {
        measure("r9", 3.0);
        api.version(new ModelVersionRecord("fraud-detector", "9", Optional.of("r9"), "runs:/r9/model",
                Optional.empty(), Instant.parse("2026-11-25T08:00:00Z"), "None", List.of(), Map.of()));

        GateDecision decision = gate(POLICY).decide("fraud-detector", "9", GateTarget.stage("Production"));

        assertThat(decision.verdict()).isEqualTo(Verdict.OVER_BUDGET);
        assertThat(decision.explanation()).contains("names version 9 but another identity",
                "created_at 2026-11-20T10:15:02.123Z");
    }

    @Test
    void anExpiredExceptionNoLongerApplies() {
        measure("r10", 3.0);
        api.version("fraud-detector", "10", "r10");

        GateDecision decision = gate(POLICY).decide("fraud-detector", "10", GateTarget.stage("Production"));

        assertThat(decision.verdict()).isEqualTo(Verdict.OVER_BUDGET);
        assertThat(decision.explanation()).contains("expired on 2026-11-29");
    }

    @Test
    void unmatchedTargetsFollowTheDefault() {
        measure("r1", 99.0);
        api.version("fraud-detector", "1", "r1");

        assertThat(gate(POLICY).decide("fraud-detector", "1", GateTarget.stage("Staging")).verdict())
                .isEqualTo(Verdict.NO_RULE_ALLOWED);
        assertThat(gate("defaults:\n  unmatched: deny\n" + POLICY)
                .decide("fraud-detector", "1", GateTarget.stage("Staging")).verdict())
                .isEqualTo(Verdict.NO_RULE_DENIED);
    }

    @Test
    void promptVersionsAreNotGatedButThePromptTagAloneExemptsNothing() {
        api.version(new ModelVersionRecord("ranker", "1", Optional.empty(), "prompt-template",
                Optional.empty(), FakeRegistryApi.CREATED, "None", List.of(), Map.of()));
        measure("heavy", 9.0);
        api.version("ranker", "2", "heavy");
        api.modelTags.put("ranker", Map.of(RegistryGate.PROMPT_TAG, "true"));

        assertThat(gate(POLICY).decide("ranker", "1", GateTarget.alias("champion")).verdict())
                .isEqualTo(Verdict.NOT_GATED);
        assertThat(gate(POLICY).decide("ranker", "2", GateTarget.alias("champion")).verdict())
                .as("a version registered from a run carries a model, whatever the tag says")
                .isEqualTo(Verdict.OVER_BUDGET);
        api.modelTags.clear();
        assertThat(gate(POLICY).decide("ranker", "1", GateTarget.alias("champion")).verdict())
                .as("not a prompt without MLflow's prompt flag").isEqualTo(Verdict.NO_CARBON_RECORD);
    }

    @Test
    void judgesTheLatestVerifiedInferenceWindowOfTheVersionAgainstItsLimit() {
        measure("train", 0.5);
        api.version("served", "1", "train");
        Instant created = FakeRegistryApi.CREATED;
        ledger.inference(TestLedger.CI, "served", "1", 0.1, 100_000, created.plusSeconds(60));      // 1 g per 1k
        ledger.inference(TestLedger.CI, "served", "1", 0.5, 100_000, created.plusSeconds(120));     // 5 g per 1k
        ledger.inference(TestLedger.OUTSIDER, "served", "1", 0.01, 100_000, created.plusSeconds(180)); // untrusted

        GateDecision decision = gate(POLICY).decide("served", "1", GateTarget.alias("champion"));

        assertThat(decision.verdict()).isEqualTo(Verdict.INFERENCE_OVER_BUDGET);
        assertThat(decision.summary()).contains("inference 5 g CO2e per 1k predictions (limit 2 g) exceeds the budget");
        assertThat(decision.explanation()).contains("100000 predictions", "signed by ci", "EXCEEDED");

        ledger.inference(TestLedger.CI, "served", "1", 0.15, 100_000, created.plusSeconds(240));    // 1.5 g per 1k
        GateDecision within = gate(POLICY).decide("served", "1", GateTarget.alias("champion"));
        assertThat(within.verdict()).isEqualTo(Verdict.WITHIN_BUDGET);
        assertThat(within.summary()).contains("and inference 1.5 g CO2e per 1k predictions (limit 2 g) is within");
    }

    @Test
    void noInferenceWindowSinceTheVersionWasCreatedIsNoRecord() {
        measure("train", 0.5);
        api.version("served", "1", "train");
        ledger.inference(TestLedger.CI, "served", "1", 0.01, 100_000, FakeRegistryApi.CREATED.minusSeconds(60));
        ledger.inference(TestLedger.CI, "served", "2", 0.01, 100_000, FakeRegistryApi.CREATED.plusSeconds(60));

        GateDecision refused = gate(POLICY).decide("served", "1", GateTarget.alias("champion"));
        GateDecision allowed = gate("defaults:\n  missing_carbon: allow\n" + POLICY).decide("served", "1",
                GateTarget.alias("champion"));

        assertThat(refused.verdict()).as("the earlier window measured another version 1").isEqualTo(
                Verdict.NO_CARBON_RECORD);
        assertThat(refused.summary()).contains("no inference record (no inference-window entry signed by a trusted"
                + " key for this version since it was created)");
        assertThat(allowed.verdict()).isEqualTo(Verdict.NO_CARBON_RECORD_ALLOWED);
    }

    @Test
    void anUnknownVersionIsRefused() {
        assertThat(gate(POLICY).decide("fraud-detector", "404", GateTarget.stage("Production")).verdict())
                .isEqualTo(Verdict.VERSION_NOT_FOUND);
    }

    @Test
    void promotePerformsOnlyAllowedPromotionsAndRecordsEveryDecisionInTheLedger() {
        measure("light", 0.5);
        measure("heavy", 5.0);
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
                .containsEntry("carbon.gate.co2e_kg", "0.5")
                .containsEntry("carbon.gate.budget_kg", "1")
                .containsEntry("carbon.gate.decided_at", "2026-11-30T04:00:00Z")
                .containsEntry("carbon.gate.ledger_entry", allowed.recordedAs().orElseThrow().toString());
        assertThat(api.versionTags).doesNotContainKey("fraud-detector/2");

        List<StoredEntry> decisions = ledger.decisions();
        assertThat(decisions).hasSize(2);
        assertThat(decisions).allSatisfy(entry -> assertThat(entry.signed().keyId()).isEqualTo(TestLedger.GATE.keyId()));
        JsonObject refusal = decisions.get(1).entry().body();
        assertThat(refusal.get("allowed").getAsBoolean()).isFalse();
        assertThat(refusal.get("verdict").getAsString()).isEqualTo("OVER_BUDGET");
        assertThat(refusal.get("judged_co2e_kg").getAsDouble()).isEqualTo(5.0);
        assertThat(refusal.has("co2e_kg")).as("a decision is not an emission").isFalse();
        assertThat(refusal.getAsJsonArray("counted_entries")).hasSize(1);
        assertThat(refusal.getAsJsonObject("version_identity").get("run_id").getAsString()).isEqualTo("heavy");
    }

    @Test
    void recordingNeedsTheGateKey() {
        measure("light", 0.5);
        api.version("fraud-detector", "1", "light");
        try (CarbonLedger unkeyed = CarbonLedger.open(ledger.config())) {
            RegistryGate gate = gate(POLICY, unkeyed);

            assertThat(gate.decide("fraud-detector", "1", GateTarget.stage("Production")).allowed()).isTrue();
            assertThatThrownBy(() -> gate.promote("fraud-detector", "1", GateTarget.stage("Production"), false))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("--gate-key");
        }
        assertThat(api.calls).noneMatch(call -> call.startsWith("transitionStage"));
    }
}
