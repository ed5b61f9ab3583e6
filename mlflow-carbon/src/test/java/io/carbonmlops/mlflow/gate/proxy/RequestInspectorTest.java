package io.carbonmlops.mlflow.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.carbonmlops.ledger.CarbonLedger;
import io.carbonmlops.mlflow.gate.FakeRegistryApiAccess;
import io.carbonmlops.mlflow.gate.RegistryGate;
import io.carbonmlops.mlflow.gate.TestLedger;
import io.carbonmlops.mlflow.gate.policy.PolicyLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestInspectorTest {
    private static final Instant NOW = Instant.parse("2026-11-30T00:00:00Z");
    private static final String POLICY = "rules:\n  - {model: m, stage: Production, budget_kg: 1, counts: run}\n"
            + "  - {model: m, alias: champion, budget_kg: 1, counts: run}\n";
    @TempDir
    Path dir;
    private final FakeRegistryApiAccess store = new FakeRegistryApiAccess();
    private TestLedger ledger;
    private RequestInspector inspector;

    @BeforeEach
    void open() {
        ledger = TestLedger.in(dir);
        inspector = inspectorWith(ledger.ledger());
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private RequestInspector inspectorWith(CarbonLedger carbonLedger) {
        return new RequestInspector(new RegistryGate(store.api(), PolicyLoader.parse(POLICY + TestLedger.trustYaml(),
                "p.yaml"), carbonLedger, Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    private Ruling inspect(GatedEndpoint endpoint, String body) {
        return inspector.inspect(endpoint, json(body), store.api());
    }

    @Test
    void refusesAStageTransitionOverBudgetWithTheExplanation() {
        ledger.measure("heavy", 2.0, NOW);
        store.version("m", "1", "heavy");

        Ruling ruling = inspect(GatedEndpoint.TRANSITION_STAGE,
                "{\"name\":\"m\",\"version\":\"1\",\"stage\":\"Production\"}");

        assertThat(ruling).isInstanceOfSatisfying(Ruling.Refuse.class, refuse -> {
            assertThat(refuse.status()).isEqualTo(403);
            assertThat(refuse.errorCode()).isEqualTo("PERMISSION_DENIED");
            assertThat(refuse.message()).contains("2 kg CO2e (budget 1 kg) exceeds the budget");
            assertThat(refuse.decision()).get().satisfies(d -> assertThat(d.recordedAs()).isPresent());
        });
        assertThat(ledger.decisions()).as("a refusal is recorded too").hasSize(1);
    }

    @Test
    void forwardsAnAliasWithinBudgetCarryingTheDecisionToRecord() {
        ledger.measure("light", 0.2, NOW);
        store.version("m", "2", "light");

        Ruling ruling = inspect(GatedEndpoint.ALIAS, "{\"name\":\"m\",\"alias\":\"champion\",\"version\":2}");

        assertThat(ruling).isInstanceOfSatisfying(Ruling.Forward.class,
                forward -> assertThat(forward.decision()).get().satisfies(d -> assertThat(d.allowed()).isTrue()));
    }

    @Test
    void refusesAPromotionWhoseFieldsAreMissingOrNotScalars() {
        assertThat(inspect(GatedEndpoint.TRANSITION_STAGE, "{\"name\":\"m\",\"stage\":\"Production\"}"))
                .isInstanceOfSatisfying(Ruling.Refuse.class, r -> assertThat(r.status()).isEqualTo(400));
        assertThat(inspect(GatedEndpoint.ALIAS, "{\"name\":\"m\",\"alias\":[\"champion\"],\"version\":\"1\"}"))
                .isInstanceOfSatisfying(Ruling.Refuse.class, r -> assertThat(r.status()).isEqualTo(400));
    }

    @Test
    void anUnknownVersionIsA404() {
        assertThat(inspect(GatedEndpoint.TRANSITION_STAGE, "{\"name\":\"m\",\"version\":\"9\",\"stage\":\"Production\"}"))
                .isInstanceOfSatisfying(Ruling.Refuse.class, r -> assertThat(r.status()).isEqualTo(404));
    }

    @Test
    void metricsAreNotInspectedAtAll() {
        assertThat(GatedEndpoint.of("/api/2.0/mlflow/runs/log-metric")).isEqualTo(GatedEndpoint.NONE);
        assertThat(GatedEndpoint.of("/api/2.0/mlflow/runs/log-batch")).isEqualTo(GatedEndpoint.NONE);
    }

    @Test
    void refusesWhenTheLedgerCannotRecordTheDecision() {
        ledger.measure("light", 0.2, NOW);
        store.version("m", "2", "light");
        try (CarbonLedger unkeyed = CarbonLedger.open(ledger.config())) {
            Ruling ruling = inspectorWith(unkeyed).inspect(GatedEndpoint.ALIAS,
                    json("{\"name\":\"m\",\"alias\":\"champion\",\"version\":\"2\"}"), store.api());

            assertThat(ruling).isInstanceOfSatisfying(Ruling.Refuse.class, r -> {
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.message()).contains("record its decision");
            });
        }
    }

    @Test
    void onlyTheGateWritesOrRemovesGateTags() {
        assertThat(inspect(GatedEndpoint.SET_VERSION_TAG,
                "{\"name\":\"m\",\"version\":\"1\",\"key\":\"Carbon.Gate.decision\",\"value\":\"allowed\"}"))
                .isInstanceOfSatisfying(Ruling.Refuse.class, r -> assertThat(r.status()).isEqualTo(403));
        assertThat(inspect(GatedEndpoint.DELETE_VERSION_TAG,
                "{\"name\":\"m\",\"version\":\"1\",\"key\":\"carbon.gate.decision\"}"))
                .isInstanceOfSatisfying(Ruling.Refuse.class, r -> assertThat(r.status()).isEqualTo(403));
        assertThat(inspect(GatedEndpoint.DELETE_VERSION_TAG, "{\"name\":\"m\",\"version\":\"1\",\"key\":\"note\"}"))
                .isInstanceOf(Ruling.Forward.class);
        assertThat(inspect(GatedEndpoint.SET_VERSION_TAG,
                "{\"name\":\"m\",\"version\":\"1\",\"key\":\"validated\",\"value\":\"yes\"}"))
                .isInstanceOf(Ruling.Forward.class);
        assertThat(inspect(GatedEndpoint.CREATE_VERSION, "{\"name\":\"m\",\"source\":\"s\",\"tags\":["
                + "{\"key\":\"team\",\"value\":\"a\"},{\"key\":\"carbon.gate.decision\",\"value\":\"allowed\"}]}"))
                .isInstanceOfSatisfying(Ruling.Refuse.class, r -> assertThat(r.status()).isEqualTo(403));
        assertThat(inspect(GatedEndpoint.CREATE_VERSION, "{\"name\":\"m\",\"source\":\"s\",\"tags\":["
                + "{\"key\":\"team\",\"value\":\"a\"}]}")).isInstanceOf(Ruling.Forward.class);
    }

    @Test
    void refusesRenamingAModelOutOfItsRulesAndSaysWhy() {
        Ruling ruling = inspect(GatedEndpoint.RENAME_MODEL, "{\"name\":\"m\",\"new_name\":\"scratch\"}");

        assertThat(ruling).isInstanceOfSatisfying(Ruling.Refuse.class, refuse -> {
            assertThat(refuse.status()).isEqualTo(403);
            assertThat(refuse.errorCode()).isEqualTo("PERMISSION_DENIED");
            assertThat(refuse.message()).contains("renaming registered model 'm' to 'scratch'")
                    .contains("for stage Production, 'm' is governed by rule #1")
                    .contains("but 'scratch' by no rule");
        });
        assertThat(inspect(GatedEndpoint.RENAME_MODEL, "{\"name\":\"scratch\",\"new_name\":\"m\"}"))
                .as("renaming back in is refused too").isInstanceOf(Ruling.Refuse.class);
    }

    @Test
    void letsRenamesBetweenNamesGovernedAlikeThrough() {
        assertThat(inspect(GatedEndpoint.RENAME_MODEL, "{\"name\":\"m\",\"new_name\":\"M\"}"))
                .as("rules match names ignoring case").isInstanceOf(Ruling.Forward.class);
        assertThat(inspect(GatedEndpoint.RENAME_MODEL, "{\"name\":\"a\",\"new_name\":\"b\"}"))
                .as("neither name governed").isInstanceOf(Ruling.Forward.class);
        assertThat(store.readCalls()).as("a rename is judged from the policy alone").isZero();
    }

    @Test
    void refusesARenameWhoseNamesAreMissingOrNotScalars() {
        assertThat(inspect(GatedEndpoint.RENAME_MODEL, "{\"name\":\"m\"}"))
                .isInstanceOfSatisfying(Ruling.Refuse.class, r -> assertThat(r.status()).isEqualTo(400));
        assertThat(inspect(GatedEndpoint.RENAME_MODEL, "{\"name\":\"m\",\"new_name\":[\"scratch\"]}"))
                .isInstanceOfSatisfying(Ruling.Refuse.class, r -> assertThat(r.status()).isEqualTo(400));
    }
}
