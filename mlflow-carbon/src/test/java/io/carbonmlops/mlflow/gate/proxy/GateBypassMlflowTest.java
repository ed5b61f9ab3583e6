package io.carbonmlops.mlflow.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.carbonmlops.ledger.Attribution;
import io.carbonmlops.ledger.LedgerEntry;
import io.carbonmlops.ledger.StoredEntry;
import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowConfig;
import io.carbonmlops.mlflow.gate.MlflowSeed;
import io.carbonmlops.mlflow.gate.RegistryGate;
import io.carbonmlops.mlflow.gate.TestLedger;
import io.carbonmlops.mlflow.gate.api.RestRegistryApi;
import io.carbonmlops.mlflow.gate.policy.PolicyLoader;
import io.carbonmlops.mlflow.testing.MlflowServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each way issue 9 found to get an over-budget version promoted, sent through the proxy to a real MLflow server: the
 * bypass itself reaches MLflow (tags, metrics and versions are MLflow's to keep), and the version stays where it was,
 * because the gate judges only signed ledger entries and what MLflow fixed when the version was created. Then the
 * promotions that must still pass.
 */
@Timeout(300)
class GateBypassMlflowTest {
    private static final String RULES = """
            rules:
              - model: "fraud-*"
                stage: Production
                budget_kg: 1.0
              - model: "fraud-*"
                alias: champion
                budget_kg: 1.0
              - model: "signed-*"
                alias: champion
                budget_kg: 1.0
                counts: run
                signed_by: ci
            monthly_budgets:
              - team: vision
                budget_kg: 5.0
            """;

    static MlflowServer server;
    static MlflowSeed seed;
    static MlflowClient client;
    static TestLedger ledger;
    static GateProxy proxy;
    static String experimentId;
    static String recreatedRun;

    @BeforeAll
    static void start() throws Exception {
        ledger = TestLedger.in(Files.createTempDirectory("gate-bypass"));
        server = MlflowServer.start();
        seed = new MlflowSeed(server.trackingUri());
        experimentId = seed.experiment("gate-bypass");
        // An over-budget version approved by an exception, whose model is deleted and re-created below
        recreatedRun = heavyRun("approved-heavy", 3.0);
        seed.registeredModel("fraud-recreated");
        String approved = seed.version("fraud-recreated", recreatedRun);
        JsonObject original = seed.modelVersion("fraud-recreated", approved);
        String exception = """
                exceptions:
                  - model: fraud-recreated
                    version: %s
                    run_id: %s
                    created_at: "%s"
                    alias: champion
                    approver: alice@example.com
                    reason: approved for the audit release
                    expires: 2099-12-31
                """.formatted(approved, recreatedRun, LedgerEntry.formatInstant(Instant.ofEpochMilli(
                original.get("creation_timestamp").getAsLong())));
        client = new MlflowClient(MlflowConfig.of(server.trackingUri()));
        RestRegistryApi api = new RestRegistryApi(client);
        RegistryGate gate = new RegistryGate(api, PolicyLoader.parse(TestLedger.trustYaml() + RULES + exception,
                "gate.yaml"), ledger.ledger(), Clock.systemUTC());
        proxy = GateProxy.start(URI.create(server.trackingUri()), new InetSocketAddress("127.0.0.1", 0), gate, api,
                line -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        try (MlflowServer s = server; MlflowClient c = client; TestLedger l = ledger) {
            if (proxy != null) {
                proxy.close();
            }
        }
    }

    /** An MLflow run with its figure in the ledger (signed by ci) and, as display copy, in its metrics. */
    private static String heavyRun(String name, double kg) {
        return measuredRun(name, kg, Attribution.none());
    }

    private static String measuredRun(String name, double kg, Attribution extra) {
        String run = seed.runWithCo2e(experimentId, name, kg, Map.of());
        Attribution attribution = extra.withMlflowRun(experimentId, run);
        ledger.measure(TestLedger.CI, attribution, kg, Instant.now());
        return run;
    }

    private static RawHttp.Reply post(String path, String json) throws Exception {
        return RawHttp.send(proxy.port(), "POST", "/api/2.0/mlflow/" + path, Map.of(), json);
    }

    private static RawHttp.Reply delete(String path, String json) throws Exception {
        return RawHttp.send(proxy.port(), "DELETE", "/api/2.0/mlflow/" + path, Map.of(), json);
    }

    private static RawHttp.Reply alias(String model, String version) throws Exception {
        return post("registered-models/alias", "{\"name\":\"" + model + "\",\"alias\":\"champion\",\"version\":\""
                + version + "\"}");
    }

    private static RawHttp.Reply transition(String model, String version) throws Exception {
        return post("model-versions/transition-stage", "{\"name\":\"" + model + "\",\"version\":\"" + version
                + "\",\"stage\":\"Production\",\"archive_existing_versions\":false}");
    }

    private static void assertRefusedAndUnchanged(String model, String version, String reason) throws Exception {
        RawHttp.Reply aliasReply = alias(model, version);
        RawHttp.Reply stageReply = transition(model, version);
        assertThat(aliasReply.status()).as(aliasReply.body()).isEqualTo(403);
        assertThat(aliasReply.body()).contains(reason);
        assertThat(stageReply.status()).as(stageReply.body()).isEqualTo(403);
        assertThat(seed.aliases(model, version)).isEmpty();
        assertThat(seed.stage(model, version)).isEqualTo("None");
    }

    private static String runTag(String runId, String key, String value) {
        return "{\"run_id\":\"" + runId + "\",\"key\":\"" + key + "\",\"value\":\"" + value + "\"}";
    }

    /** Source 0.3 kg whose parent (in MLflow's tag and in the signed entry) emitted 9 kg: 9.3 kg for its lineage. */
    private record Lineage(String model, String version, String source, String parent) {}

    private static Lineage lineage(String model) {
        String parent = heavyRun(model + "-parent", 9.0);
        String source = seed.run(experimentId, model + "-train", Map.of("mlflow.parentRunId", parent));
        ledger.measure(TestLedger.CI, Attribution.none().withMlflowRun(experimentId, source).withParentRunId(parent),
                0.3, Instant.now());
        seed.registeredModel(model);
        return new Lineage(model, seed.version(model, source), source, parent);
    }

    @Test
    void deletingTheParentRunTagDoesNotDropTheAncestor() throws Exception {
        Lineage l = lineage("fraud-unparented");

        assertThat(delete("runs/delete-tag", "{\"run_id\":\"" + l.source() + "\",\"key\":\"mlflow.parentRunId\"}")
                .status()).isEqualTo(200);

        assertRefusedAndUnchanged(l.model(), l.version(), "lineage of 2 run(s) 9.3 kg CO2e (budget 1 kg) exceeds");
        assertThat(ledger.decisions()).anySatisfy(entry -> {
            JsonObject body = entry.entry().body();
            assertThat(body.get("model").getAsString()).isEqualTo(l.model());
            assertThat(body.get("allowed").getAsBoolean()).isFalse();
        });
    }

    @Test
    void repointingTheParentRunTagDoesNotMoveTheLineage() throws Exception {
        Lineage l = lineage("fraud-reparented");
        String cheap = heavyRun("cheap-parent", 0.01);

        assertThat(post("runs/set-tag", runTag(l.source(), "mlflow.parentRunId", cheap)).status()).isEqualTo(200);

        assertRefusedAndUnchanged(l.model(), l.version(), "9.3 kg CO2e (budget 1 kg) exceeds");
    }

    @Test
    void tagsInsideLogBatchChangeNothing() throws Exception {
        Lineage l = lineage("fraud-batch-tags");

        RawHttp.Reply batch = post("runs/log-batch", "{\"run_id\":\"" + l.source() + "\",\"tags\":["
                + "{\"key\":\"mlflow.parentRunId\",\"value\":\"" + l.source() + "\"},"
                + "{\"key\":\"carbon.pipeline_id\",\"value\":\"nothing-here\"},"
                + "{\"key\":\"carbon.team\",\"value\":\"nobody\"}]}");

        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        assertRefusedAndUnchanged(l.model(), l.version(), "9.3 kg CO2e (budget 1 kg) exceeds");
    }

    @Test
    void deletingOrChangingThePipelineTagDoesNotDropThePipeline() throws Exception {
        String source = measuredRun("pipe-train", 0.2, Attribution.none().withPipelineId("p-bypass"));
        seed.setRunTag(source, "carbon.pipeline_id", "p-bypass");
        measuredRun("pipe-prep", 5.0, Attribution.none().withPipelineId("p-bypass"));
        seed.registeredModel("fraud-pipeline");
        String version = seed.version("fraud-pipeline", source);

        assertThat(delete("runs/delete-tag", "{\"run_id\":\"" + source + "\",\"key\":\"carbon.pipeline_id\"}")
                .status()).isEqualTo(200);
        assertRefusedAndUnchanged("fraud-pipeline", version, "5.2 kg CO2e (budget 1 kg) exceeds");

        assertThat(post("runs/set-tag", runTag(source, "carbon.pipeline_id", "elsewhere")).status()).isEqualTo(200);
        assertRefusedAndUnchanged("fraud-pipeline", version, "5.2 kg CO2e (budget 1 kg) exceeds");
    }

    @Test
    void addingAPipelineTagToTheSourceRunDoesNotHideItsAncestorsPipeline() throws Exception {
        String root = measuredRun("anc-root", 0.1, Attribution.none().withPipelineId("p-ancestor"));
        String source = seed.run(experimentId, "anc-train", Map.of("mlflow.parentRunId", root));
        ledger.measure(TestLedger.CI, Attribution.none().withMlflowRun(experimentId, source).withParentRunId(root),
                0.2, Instant.now());
        measuredRun("anc-prep", 5.0, Attribution.none().withPipelineId("p-ancestor"));
        seed.registeredModel("fraud-ancestor-pipeline");
        String version = seed.version("fraud-ancestor-pipeline", source);

        assertThat(post("runs/set-tag", runTag(source, "carbon.pipeline_id", "fresh-and-empty")).status())
                .isEqualTo(200);

        assertRefusedAndUnchanged("fraud-ancestor-pipeline", version, "5.3 kg CO2e (budget 1 kg) exceeds");
    }

    @Test
    void retaggingTheTeamDoesNotEscapeItsMonthlyBudget() throws Exception {
        String run = measuredRun("team-train", 0.5, Attribution.none().withTeam("vision"));
        seed.setRunTag(run, "carbon.team", "vision");
        measuredRun("team-sweep", 6.0, Attribution.none().withTeam("vision"));
        seed.registeredModel("fraud-team");
        String version = seed.version("fraud-team", run);

        assertThat(post("runs/set-tag", runTag(run, "carbon.team", "nobody")).status()).isEqualTo(200);
        assertThat(delete("runs/delete-tag", "{\"run_id\":\"" + run + "\",\"key\":\"carbon.team\"}").status())
                .isEqualTo(200);

        assertRefusedAndUnchanged("fraud-team", version, "team=vision used");
    }

    @Test
    void flaggingTheModelAsAPromptDoesNotExemptIt() throws Exception {
        String run = heavyRun("prompt-flag", 9.0);
        seed.registeredModel("fraud-prompt-flag");
        String version = seed.version("fraud-prompt-flag", run);

        assertThat(post("registered-models/set-tag", "{\"name\":\"fraud-prompt-flag\",\"key\":\""
                + RegistryGate.PROMPT_TAG + "\",\"value\":\"true\"}").status()).isEqualTo(200);

        assertRefusedAndUnchanged("fraud-prompt-flag", version, "9 kg CO2e (budget 1 kg) exceeds");
    }

    @Test
    void aCheapRunIdWithAnExpensiveLoggedModelCountsBoth() throws Exception {
        String expensive = heavyRun("logged-model-expensive", 9.0);
        String cheap = heavyRun("logged-model-cheap", 0.01);
        String modelId = seed.loggedModel(experimentId, expensive);
        seed.registeredModel("fraud-logged-model");

        RawHttp.Reply created = post("model-versions/create", "{\"name\":\"fraud-logged-model\",\"source\":\"models:/"
                + modelId + "\",\"run_id\":\"" + cheap + "\",\"model_id\":\"" + modelId + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String version = seed.modelVersion("fraud-logged-model", "1").get("version").getAsString();
        assertThat(seed.modelVersion("fraud-logged-model", version).get("run_id").getAsString()).isEqualTo(cheap);

        assertRefusedAndUnchanged("fraud-logged-model", version, "9.01 kg CO2e (budget 1 kg) exceeds");
    }

    @Test
    void reCreatingADeletedModelDoesNotReviveItsException() throws Exception {
        assertThat(delete("registered-models/delete", "{\"name\":\"fraud-recreated\"}").status()).isEqualTo(200);
        Thread.sleep(5); // a later creation_timestamp, to the millisecond
        assertThat(post("registered-models/create", "{\"name\":\"fraud-recreated\"}").status()).isEqualTo(200);
        RawHttp.Reply created = post("model-versions/create", "{\"name\":\"fraud-recreated\",\"source\":\"runs:/"
                + recreatedRun + "/model\",\"run_id\":\"" + recreatedRun + "\"}");
        assertThat(created.status()).isEqualTo(200);

        RawHttp.Reply reply = alias("fraud-recreated", "1");

        assertThat(reply.status()).as(reply.body()).isEqualTo(403);
        assertThat(reply.body()).contains("3 kg CO2e (budget 1 kg) exceeds");
        assertThat(seed.aliases("fraud-recreated", "1")).isEmpty();
        assertThat(lastDecision("fraud-recreated").get("explanation").getAsString())
                .contains("names version 1 but another identity");
    }

    @Test
    void aZeroFigureLoggedAtAHugeStepChangesNothing() throws Exception {
        String run = heavyRun("huge-step", 9.0);
        seed.registeredModel("fraud-huge-step");
        String version = seed.version("fraud-huge-step", run);

        RawHttp.Reply zero = post("runs/log-metric", "{\"run_id\":\"" + run + "\",\"key\":\"carbon/co2e_kg\","
                + "\"value\":0,\"timestamp\":1,\"step\":1000000000000000}");

        assertThat(zero.status()).as("metrics are MLflow's display copy and pass").isEqualTo(200);
        assertThat(seed.latestMetric(run, "carbon/co2e_kg")).isEqualTo(0.0);
        assertRefusedAndUnchanged("fraud-huge-step", version, "9 kg CO2e (budget 1 kg) exceeds");
    }

    @Test
    void aForgedMetricIsNoCarbonRecord() throws Exception {
        String run = seed.run(experimentId, "metric-only", Map.of());
        seed.registeredModel("fraud-metric-only");
        String version = seed.version("fraud-metric-only", run);

        assertThat(post("runs/log-batch", "{\"run_id\":\"" + run + "\",\"metrics\":[{\"key\":\"carbon/co2e_kg\","
                + "\"value\":0.01,\"timestamp\":1,\"step\":1}]}").status()).isEqualTo(200);

        assertRefusedAndUnchanged("fraud-metric-only", version, "no carbon record");
    }

    @Test
    void deletingTheGatesTagsLosesNothing() throws Exception {
        String run = heavyRun("tagged-light", 0.2);
        seed.registeredModel("fraud-tagged");
        String version = seed.version("fraud-tagged", run);
        assertThat(alias("fraud-tagged", version).status()).isEqualTo(200);
        String recorded = seed.versionTags("fraud-tagged", version).get("carbon.gate.ledger_entry");

        RawHttp.Reply throughProxy = delete("model-versions/delete-tag", "{\"name\":\"fraud-tagged\",\"version\":\""
                + version + "\",\"key\":\"carbon.gate.ledger_entry\"}");
        assertThat(throughProxy.status()).isEqualTo(403);
        seed.deleteModelVersionTag("fraud-tagged", version, "carbon.gate.ledger_entry"); // MLflow's admin, directly
        seed.deleteModelVersionTag("fraud-tagged", version, "carbon.gate.decision");

        assertThat(seed.versionTags("fraud-tagged", version)).doesNotContainKeys("carbon.gate.ledger_entry",
                "carbon.gate.decision");
        StoredEntry decision = ledger.decisions().stream()
                .filter(entry -> entry.signed().entryId().toString().equals(recorded)).findFirst().orElseThrow();
        assertThat(decision.signed().keyId()).isEqualTo(TestLedger.GATE.keyId());
        assertThat(decision.entry().body().get("allowed").getAsBoolean()).isTrue();
        assertThat(decision.entry().body().get("version").getAsString()).isEqualTo(version);
    }

    @Test
    void aFigureSignedByAnUntrustedKeyIsRefusedByARuleThatRequiresASigner() throws Exception {
        String outsider = seed.run(experimentId, "outsider-signed", Map.of());
        ledger.measure(TestLedger.OUTSIDER, Attribution.none().withMlflowRun(experimentId, outsider), 0.1,
                Instant.now());
        String laptop = seed.run(experimentId, "laptop-signed", Map.of());
        ledger.measure(TestLedger.LAPTOP, Attribution.none().withMlflowRun(experimentId, laptop), 0.1,
                Instant.now());
        seed.registeredModel("signed-model");
        String untrustedVersion = seed.version("signed-model", outsider);
        String otherSignerVersion = seed.version("signed-model", laptop);

        RawHttp.Reply untrusted = alias("signed-model", untrustedVersion);
        RawHttp.Reply otherSigner = alias("signed-model", otherSignerVersion);

        assertThat(untrusted.status()).isEqualTo(403);
        assertThat(untrusted.body()).contains("no carbon record (no ledger entry signed by 'ci')");
        assertThat(otherSigner.status()).isEqualTo(403);
        assertThat(seed.aliases("signed-model", untrustedVersion)).isEmpty();
        assertThat(seed.aliases("signed-model", otherSignerVersion)).isEmpty();
        assertThat(lastDecision("signed-model").get("explanation").getAsString())
                .contains("signed by 'laptop', not by 'ci' as the rule requires");
    }

    @Test
    void aLegitimatePromotionPassesAndIsRecorded() throws Exception {
        String run = heavyRun("legit", 0.4);
        seed.registeredModel("fraud-legit");
        String version = seed.version("fraud-legit", run);

        assertThat(alias("fraud-legit", version).status()).isEqualTo(200);
        assertThat(transition("fraud-legit", version).status()).isEqualTo(200);

        assertThat(seed.aliases("fraud-legit", version).toString()).contains("champion");
        assertThat(seed.stage("fraud-legit", version)).isEqualTo("Production");
        JsonObject decision = lastDecision("fraud-legit");
        assertThat(decision.get("verdict").getAsString()).isEqualTo("WITHIN_BUDGET");
        assertThat(decision.get("judged_co2e_kg").getAsDouble()).isEqualTo(0.4);
    }

    @Test
    void promptAliasesStillPass() throws Exception {
        assertThat(post("registered-models/create", "{\"name\":\"fraud-prompt\",\"tags\":[{\"key\":\""
                + RegistryGate.PROMPT_TAG + "\",\"value\":\"true\"}]}").status()).isEqualTo(200);
        RawHttp.Reply created = post("model-versions/create", "{\"name\":\"fraud-prompt\",\"source\":\"dummy-source\","
                + "\"tags\":[{\"key\":\"" + RegistryGate.PROMPT_TAG + "\",\"value\":\"true\"},"
                + "{\"key\":\"mlflow.prompt.text\",\"value\":\"Summarise {{text}}\"}]}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);

        RawHttp.Reply reply = alias("fraud-prompt", "1");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(seed.aliases("fraud-prompt", "1").toString()).contains("champion");
        assertThat(lastDecision("fraud-prompt").get("verdict").getAsString()).isEqualTo("NOT_GATED");
    }

    private static JsonObject lastDecision(String model) {
        List<StoredEntry> decisions = ledger.decisions().stream()
                .filter(entry -> entry.entry().body().get("model").getAsString().equals(model)).toList();
        assertThat(decisions).isNotEmpty();
        return decisions.get(decisions.size() - 1).entry().body();
    }
}
