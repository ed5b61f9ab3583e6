package io.carbonmlops.mlflow.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.mlflow.gate.MlflowSeed;
import io.carbonmlops.mlflow.testing.MlflowServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The proxy in front of MLflow with basic-auth: credentials pass through, and the gate reads with the caller's. */
@Tag("mlflow-compat")
@Timeout(300)
class GateProxyBasicAuthTest {
    static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString(
            (MlflowServer.ADMIN_USERNAME + ":" + MlflowServer.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));

    static GatedMlflow mlflow;
    static MlflowSeed seed;
    static GateProxy proxy;
    static String heavyVersion;
    static String lightVersion;

    @BeforeAll
    static void start() throws Exception {
        mlflow = GatedMlflow.startWithBasicAuth("gate-auth", ADMIN);
        seed = mlflow.seed();
        proxy = mlflow.proxy();
        heavyVersion = mlflow.heavyVersion();
        lightVersion = mlflow.lightVersion();
    }

    @AfterAll
    static void stop() throws Exception {
        if (mlflow != null) {
            mlflow.close();
        }
    }

    private static String aliasBody(String version) {
        return "{\"name\":\"fraud-detector\",\"alias\":\"champion\",\"version\":\"" + version + "\"}";
    }

    @Test
    void mlflowsOwnAuthenticationAnswersPassThrough() throws Exception {
        String path = "/api/2.0/mlflow/registered-models/get?name=fraud-detector";

        RawHttp.Reply anonymous = RawHttp.send(proxy.port(), "GET", path, Map.of(), null);
        RawHttp.Reply admin = RawHttp.send(proxy.port(), "GET", path, Map.of("Authorization", ADMIN), null);

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.body()).contains("\"registered_model\"", "\"fraud-detector\"");
    }

    /**
     * The gate judges with the caller's credentials only: a caller who sent none gets MLflow's 401 (with its
     * challenge) from the first look-up, and learns nothing about runs, names or budgets.
     */
    @Test
    void anAnonymousPromotionGetsMlflows401AndNothingTheGateRead() throws Exception {
        RawHttp.Reply reply = RawHttp.send(proxy.port(), "POST", "/api/2.0/mlflow/registered-models/alias", Map.of(),
                aliasBody(heavyVersion));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.head()).containsIgnoringCase("WWW-Authenticate: Basic");
        assertThat(reply.body()).contains("UNAUTHENTICATED")
                .doesNotContain(mlflow.heavyRun(), "heavy", "budget", "kg", "exceeds");
        assertThat(seed.aliases("fraud-detector", heavyVersion)).isEmpty();
    }

    @Test
    void decidesWithTheCallersCredentials() throws Exception {
        RawHttp.Reply refused = RawHttp.send(proxy.port(), "POST", "/api/2.0/mlflow/registered-models/alias",
                Map.of("Authorization", ADMIN), aliasBody(heavyVersion));
        RawHttp.Reply allowed = RawHttp.send(proxy.port(), "POST", "/ajax-api/2.0/mlflow/registered-models/alias",
                Map.of("Authorization", ADMIN), aliasBody(lightVersion));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("exceeds the budget");
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
        assertThat(seed.aliases("fraud-detector", heavyVersion)).isEmpty();
        assertThat(seed.versionTags("fraud-detector", lightVersion)).containsEntry("carbon.gate.decision", "allowed");
    }
}
