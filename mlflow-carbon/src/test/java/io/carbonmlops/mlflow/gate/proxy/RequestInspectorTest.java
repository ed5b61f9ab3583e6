package io.carbonmlops.mlflow.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.carbonmlops.mlflow.gate.FakeRegistryApiAccess;
import io.carbonmlops.mlflow.gate.RegistryGate;
import io.carbonmlops.mlflow.gate.policy.PolicyLoader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestInspectorTest {
    private final FakeRegistryApiAccess store = new FakeRegistryApiAccess();
    private final RequestInspector inspector = new RequestInspector(new RegistryGate(store.api(),
            PolicyLoader.parse("rules:\n  - {model: m, stage: Production, budget_kg: 1, counts: run}\n"
                    + "  - {model: m, alias: champion, budget_kg: 1, counts: run}\n", "p.yaml"),
            Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC)));

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    private Ruling inspect(GatedEndpoint endpoint, String body) {
        return inspector.inspect(endpoint, json(body), store.api());
    }

    @Test
    void refusesAStageTransitionOverBudgetWithTheExplanation() {
        store.runWithCo2e("heavy", 2.0);
        store.version("m", "1", "heavy");

        Ruling ruling = inspect(GatedEndpoint.TRANSITION_STAGE,
                "{\"name\":\"m\",\"version\":\"1\",\"stage\":\"Production\"}");

        assertThat(ruling).isInstanceOfSatisfying(Ruling.Refuse.class, refuse -> {
            assertThat(refuse.status()).isEqualTo(403);
            assertThat(refuse.errorCode()).isEqualTo("PERMISSION_DENIED");
            assertThat(refuse.message()).contains("2 kg CO2e (budget 1 kg) exceeds the budget");
        });
    }

    @Test
    void forwardsAnAliasWithinBudgetCarryingTheDecisionToRecord() {
        store.runWithCo2e("light", 0.2);
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
    void refusesLoweringAnExistingCarbonFigure() {
        store.runWithCo2e("r", 2.0);

        Ruling lower = inspect(GatedEndpoint.LOG_METRIC,
                "{\"run_id\":\"r\",\"key\":\"carbon/co2e_kg\",\"value\":0.1,\"timestamp\":1,\"step\":9}");
        Ruling batch = inspect(GatedEndpoint.LOG_BATCH, "{\"run_id\":\"r\",\"metrics\":[{\"key\":\"loss\",\"value\":1},"
                + "{\"key\":\"carbon/co2e_kg\",\"value\":\"1.5\",\"timestamp\":1,\"step\":2}]}");
        Ruling viaDeprecatedId = inspect(GatedEndpoint.LOG_METRIC,
                "{\"run_uuid\":\"r\",\"key\":\"carbon/co2e_kg\",\"value\":0.1}");
        Ruling notANumber = inspect(GatedEndpoint.LOG_METRIC,
                "{\"run_id\":\"r\",\"key\":\"carbon/co2e_kg\",\"value\":\"NaN\"}");

        assertThat(lower).isInstanceOfSatisfying(Ruling.Refuse.class, r -> {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.message()).contains("run r already has carbon/co2e_kg = 2.0");
        });
        assertThat(batch).isInstanceOf(Ruling.Refuse.class);
        assertThat(viaDeprecatedId).isInstanceOf(Ruling.Refuse.class);
        assertThat(notANumber).isInstanceOf(Ruling.Refuse.class);
    }

    @Test
    void refusesRunIdsThatDisagree() {
        store.runWithCo2e("r", 2.0);

        assertThat(inspect(GatedEndpoint.LOG_METRIC,
                "{\"run_id\":\"other\",\"run_uuid\":\"r\",\"key\":\"carbon/co2e_kg\",\"value\":0.1}"))
                .isInstanceOfSatisfying(Ruling.Refuse.class, r -> assertThat(r.status()).isEqualTo(400));
    }

    @Test
    void letsGrowingTotalsReplaysNewFiguresSeriesAndOtherMetricsThrough() {
        store.runWithCo2e("r", 2.0);

        assertThat(inspect(GatedEndpoint.LOG_METRIC, "{\"run_id\":\"r\",\"key\":\"carbon/co2e_kg\",\"value\":2.0}"))
                .as("replay of the same figure").isInstanceOf(Ruling.Forward.class);
        assertThat(inspect(GatedEndpoint.LOG_METRIC, "{\"run_id\":\"r\",\"key\":\"carbon/co2e_kg\",\"value\":2.5}"))
                .as("a growing total").isInstanceOf(Ruling.Forward.class);
        assertThat(inspect(GatedEndpoint.LOG_METRIC, "{\"run_id\":\"r\",\"key\":\"carbon/energy_kwh\",\"value\":0.1}"))
                .as("a figure the run does not have yet").isInstanceOf(Ruling.Forward.class);
        assertThat(inspect(GatedEndpoint.LOG_BATCH, "{\"run_id\":\"r\",\"metrics\":[{\"key\":\"loss\",\"value\":0}]}"))
                .isInstanceOf(Ruling.Forward.class);
        assertThat(store.getRunCalls()).as("no carbon key, no lookup").isEqualTo(3);
    }

    @Test
    void onlySumsAreGuardedNotSeriesRatiosOrCounts() {
        store.runWithMetric("r", Map.of("carbon/gpu_0_power_w", 300.0, "carbon/intensity_g_per_kwh", 400.0,
                "carbon/duration_s", 60.0, "carbon/stage/train/co2e_kg", 1.0, "carbon/energy_kwh", 2.0));

        assertThat(inspect(GatedEndpoint.LOG_METRIC, "{\"run_id\":\"r\",\"key\":\"carbon/gpu_0_power_w\",\"value\":90}"))
                .isInstanceOf(Ruling.Forward.class);
        assertThat(inspect(GatedEndpoint.LOG_METRIC,
                "{\"run_id\":\"r\",\"key\":\"carbon/intensity_g_per_kwh\",\"value\":120}"))
                .as("a new record from a cleaner grid lowers the mean intensity").isInstanceOf(Ruling.Forward.class);
        assertThat(inspect(GatedEndpoint.LOG_METRIC, "{\"run_id\":\"r\",\"key\":\"carbon/duration_s\",\"value\":1}"))
                .isInstanceOf(Ruling.Forward.class);
        assertThat(inspect(GatedEndpoint.LOG_METRIC,
                "{\"run_id\":\"r\",\"key\":\"carbon/stage/train/co2e_kg\",\"value\":0.5}"))
                .isInstanceOf(Ruling.Refuse.class);
        assertThat(inspect(GatedEndpoint.LOG_METRIC, "{\"run_id\":\"r\",\"key\":\"carbon/energy_kwh\",\"value\":1.5}"))
                .isInstanceOf(Ruling.Refuse.class);
    }

    @Test
    void onlyTheGateWritesGateTags() {
        assertThat(inspect(GatedEndpoint.SET_VERSION_TAG,
                "{\"name\":\"m\",\"version\":\"1\",\"key\":\"Carbon.Gate.decision\",\"value\":\"allowed\"}"))
                .isInstanceOfSatisfying(Ruling.Refuse.class, r -> assertThat(r.status()).isEqualTo(403));
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
        assertThat(store.getRunCalls()).as("a rename is judged from the policy alone").isZero();
    }

    @Test
    void refusesARenameWhoseNamesAreMissingOrNotScalars() {
        assertThat(inspect(GatedEndpoint.RENAME_MODEL, "{\"name\":\"m\"}"))
                .isInstanceOfSatisfying(Ruling.Refuse.class, r -> assertThat(r.status()).isEqualTo(400));
        assertThat(inspect(GatedEndpoint.RENAME_MODEL, "{\"name\":\"m\",\"new_name\":[\"scratch\"]}"))
                .isInstanceOfSatisfying(Ruling.Refuse.class, r -> assertThat(r.status()).isEqualTo(400));
    }
}
