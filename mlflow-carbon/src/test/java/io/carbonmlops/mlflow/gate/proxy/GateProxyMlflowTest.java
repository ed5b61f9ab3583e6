package io.carbonmlops.mlflow.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.mlflow.CarbonRecord;
import io.carbonmlops.mlflow.CarbonRunLogger;
import io.carbonmlops.mlflow.FootprintFigures;
import io.carbonmlops.mlflow.MlflowRun;
import io.carbonmlops.mlflow.RunTarget;
import io.carbonmlops.mlflow.Spool;
import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowConfig;
import io.carbonmlops.mlflow.gate.MlflowSeed;
import io.carbonmlops.mlflow.testing.MlflowServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The proxy in front of a real MLflow server: what passes, what is refused, and that refusals change nothing. */
@Timeout(300)
class GateProxyMlflowTest {
    static GatedMlflow mlflow;
    static MlflowServer server;
    static MlflowSeed seed;
    static GateProxy proxy;
    static final List<String> log = new CopyOnWriteArrayList<>();
    static String heavyRun;
    static String heavyVersion;
    static String lightVersion;
    static String experimentId;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startMlflowAndProxy() throws Exception {
        mlflow = GatedMlflow.start("gate-proxy", log::add);
        server = mlflow.server();
        seed = mlflow.seed();
        proxy = mlflow.proxy();
        experimentId = mlflow.experimentId();
        heavyRun = mlflow.heavyRun();
        heavyVersion = mlflow.heavyVersion();
        lightVersion = mlflow.lightVersion();
    }

    @AfterAll
    static void stop() throws Exception {
        if (mlflow != null) {
            mlflow.close();
        }
    }

    private static String transitionBody(String version) {
        return "{\"name\":\"fraud-detector\",\"version\":\"" + version + "\",\"stage\":\"Production\","
                + "\"archive_existing_versions\":false}";
    }

    private static String aliasBody(String version) {
        return "{\"name\":\"fraud-detector\",\"alias\":\"champion\",\"version\":\"" + version + "\"}";
    }

    private static RawHttp.Reply raw(String method, String target, String body) throws Exception {
        return RawHttp.send(proxy.port(), method, target, Map.of(), body);
    }

    private static void assertHeavyVersionNotPromoted() {
        assertThat(seed.stage("fraud-detector", heavyVersion)).isEqualTo("None");
        assertThat(seed.aliases("fraud-detector", heavyVersion)).isEmpty();
    }

    @Test
    void passesReadsThroughUnchanged() throws Exception {
        String path = "/api/2.0/mlflow/experiments/get-by-name?experiment_name=gate-proxy";
        HttpResponse<String> direct = http.send(HttpRequest.newBuilder(URI.create(server.trackingUri() + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> proxied = http.send(HttpRequest.newBuilder(URI.create(proxy.uri() + path)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(proxied.statusCode()).isEqualTo(200);
        assertThat(proxied.body()).isEqualTo(direct.body());
        assertThat(proxied.headers().firstValue("content-type")).isEqualTo(direct.headers().firstValue("content-type"));
    }

    @Test
    void servesTheUserInterfaceThroughTheProxy() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(proxy.uri() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).containsIgnoringCase("<html").contains("MLflow");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/", "/api/2.0/preview/mlflow/"})
    void refusesAnOverBudgetTransitionUnderEveryPrefixWithAnMlflowError(String prefix) throws Exception {
        RawHttp.Reply reply = raw("POST", prefix + "model-versions/transition-stage", transitionBody(heavyVersion));

        assertThat(reply.status()).isEqualTo(403);
        JsonObject error = JsonParser.parseString(reply.body()).getAsJsonObject();
        assertThat(error.get("error_code").getAsString()).isEqualTo("PERMISSION_DENIED");
        assertThat(error.get("message").getAsString()).contains("Carbon gate refused 'fraud-detector' version "
                + heavyVersion + " to stage Production: source run 3 kg CO2e (budget 1 kg) exceeds");
        assertHeavyVersionNotPromoted();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/"})
    void refusesAnOverBudgetAliasUnderEveryPrefix(String prefix) throws Exception {
        RawHttp.Reply reply = raw("POST", prefix + "registered-models/alias", aliasBody(heavyVersion));

        assertThat(reply.status()).isEqualTo(403);
        assertHeavyVersionNotPromoted();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/api/2.0/mlflow/model-versions/transition-stage/",
        "//api/2.0/mlflow//model-versions//transition-stage",
        "/api/2.0/mlflow/model-versions%2Ftransition-stage",
        "/api/2.0/mlflow/model-versions%252Ftransition-stage",
        "/api/2.0/mlflow/model-versions/%74ransition-stage",
        "/api/2.0/mlflow/Model-Versions/Transition-Stage",
        "/API/2.0/MLFLOW/MODEL-VERSIONS/TRANSITION-STAGE",
        "/api/2.0/mlflow/model-versions/transition-stage;x=1",
        "/api/2.0/mlflow/./model-versions/transition-stage",
        "/api/2.0/mlflow/runs/../model-versions/transition-stage",
        "/api/2.0/mlflow/model-versions/transition-stage?stage=None",
        "http://127.0.0.1/api/2.0/mlflow/model-versions/transition-stage",
    })
    void pathTricksDoNotGetAnOverBudgetTransitionPast(String target) throws Exception {
        RawHttp.Reply reply = raw("POST", target, transitionBody(heavyVersion));

        assertThat(reply.status()).as(target + " answered " + reply.body()).isBetween(400, 499);
        assertHeavyVersionNotPromoted();
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override", "x-http-method-override"})
    void methodOverrideHeadersAreRefusedOnGatedEndpoints(String header) throws Exception {
        RawHttp.Reply viaGet = RawHttp.send(proxy.port(), "GET", "/api/2.0/mlflow/registered-models/alias",
                Map.of(header, "POST"), aliasBody(heavyVersion));
        RawHttp.Reply viaPost = RawHttp.send(proxy.port(), "POST", "/api/2.0/mlflow/registered-models/alias",
                Map.of(header, "DELETE"), aliasBody(heavyVersion));

        assertThat(viaGet.status()).isEqualTo(400);
        assertThat(viaPost.status()).isEqualTo(400);
        assertHeavyVersionNotPromoted();
    }

    @Test
    void methodOverrideQueryParameterIsRefused() throws Exception {
        RawHttp.Reply reply = raw("GET", "/api/2.0/mlflow/registered-models/alias?_METHOD=POST&name=fraud-detector"
                + "&alias=champion&version=" + heavyVersion, null);

        assertThat(reply.status()).isEqualTo(400);
        assertHeavyVersionNotPromoted();
    }

    @Test
    void aGetWithQueryFieldsOnTheTransitionEndpointIsJudgedToo() throws Exception {
        RawHttp.Reply reply = raw("GET", "/api/2.0/mlflow/model-versions/transition-stage?name=fraud-detector&version="
                + heavyVersion + "&stage=Production", null);

        assertThat(reply.status()).isEqualTo(403);
        assertHeavyVersionNotPromoted();
    }

    @Test
    void aLowerCaseMethodIsStillJudged() throws Exception {
        RawHttp.Reply reply = raw("post", "/api/2.0/mlflow/model-versions/transition-stage",
                transitionBody(heavyVersion));

        assertThat(reply.status()).isBetween(400, 499);
        assertHeavyVersionNotPromoted();
    }

    @Test
    void aWithinBudgetAliasSetThroughTheUiPrefixPassesAndIsRecorded() throws Exception {
        RawHttp.Reply reply = raw("POST", "/ajax-api/2.0/mlflow/registered-models/alias", aliasBody(lightVersion));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(seed.aliases("fraud-detector", lightVersion).toString()).contains("champion");
        Map<String, String> tags = seed.versionTags("fraud-detector", lightVersion);
        assertThat(tags).containsEntry("carbon.gate.decision", "allowed")
                .containsEntry("carbon.gate.target", "alias champion")
                .containsEntry("carbon.gate.co2e_kg", "0.25")
                .containsKey("carbon.gate.explanation");
    }

    @Test
    void aWithinBudgetTransitionPassesAndIsRecorded() throws Exception {
        String run = seed.run(experimentId, "ok", Map.of());
        mlflow.ledger().measure(run, 0.5, Instant.now());
        String version = seed.version("fraud-detector", run);

        RawHttp.Reply reply = raw("POST", "/api/2.0/mlflow/model-versions/transition-stage", transitionBody(version));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(seed.stage("fraud-detector", version)).isEqualTo("Production");
        assertThat(seed.versionTags("fraud-detector", version)).containsEntry("carbon.gate.verdict", "WITHIN_BUDGET");
    }

    private static String renameBody(String name, String newName) {
        return "{\"name\":\"" + name + "\",\"new_name\":\"" + newName + "\"}";
    }

    private int registeredModelStatus(String name) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.trackingUri()
                + "/api/2.0/mlflow/registered-models/get?name=" + name)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    /** Renaming out of the rules, promoting under the ungoverned name, renaming back: the first step is refused. */
    @ParameterizedTest
    @ValueSource(strings = {
        "/api/2.0/mlflow/registered-models/rename",
        "/ajax-api/2.0/mlflow/registered-models/rename",
        "/api/2.0/preview/mlflow/registered-models/rename",
        "/api/2.0/mlflow/Registered-Models/%72ename;x=1",
    })
    void refusesRenamingAModelOutOfItsRulesAndLeavesItsName(String target) throws Exception {
        String model = "fraud-rename-" + Integer.toHexString(target.hashCode());
        seed.registeredModel(model);
        String version = seed.version(model, heavyRun);

        RawHttp.Reply reply = raw("POST", target, renameBody(model, "scratch-" + model));

        assertThat(reply.status()).as(reply.body()).isEqualTo(403);
        JsonObject error = JsonParser.parseString(reply.body()).getAsJsonObject();
        assertThat(error.get("error_code").getAsString()).isEqualTo("PERMISSION_DENIED");
        assertThat(error.get("message").getAsString()).contains("Carbon gate refused renaming registered model '"
                + model + "' to 'scratch-" + model + "': for stage Production, '" + model + "' is governed by rule #1")
                .contains("by no rule");
        assertThat(registeredModelStatus("scratch-" + model)).isEqualTo(404);
        assertThat(seed.stage(model, version)).isEqualTo("None");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "//api/2.0/mlflow//registered-models/rename",
        "/api/2.0/mlflow/registered-models%2Frename/",
        "/api/2.0/mlflow/registered-models/./rename?name=x",
    })
    void pathTricksDoNotGetARenameOutOfTheRulesPast(String target) throws Exception {
        String model = "fraud-trick-" + Integer.toHexString(target.hashCode());
        seed.registeredModel(model);

        RawHttp.Reply reply = raw("POST", target, renameBody(model, "scratch-" + model));

        assertThat(reply.status()).as(target + " answered " + reply.body()).isBetween(400, 499);
        assertThat(registeredModelStatus(model)).isEqualTo(200);
        assertThat(registeredModelStatus("scratch-" + model)).isEqualTo(404);
    }

    @Test
    void aRenameWithAMethodOverrideHeaderIsRefused() throws Exception {
        seed.registeredModel("fraud-override");

        RawHttp.Reply reply = RawHttp.send(proxy.port(), "POST", "/api/2.0/mlflow/registered-models/rename",
                Map.of("X-HTTP-Method-Override", "GET"), renameBody("fraud-override", "scratch-override"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(registeredModelStatus("fraud-override")).isEqualTo(200);
        assertThat(registeredModelStatus("scratch-override")).isEqualTo(404);
    }

    @Test
    void aRenameBetweenNamesTheSameRulesGovernGoesThrough() throws Exception {
        seed.registeredModel("fraud-old-name");
        String version = seed.version("fraud-old-name", heavyRun);

        RawHttp.Reply reply = raw("POST", "/ajax-api/2.0/mlflow/registered-models/rename",
                renameBody("fraud-old-name", "fraud-new-name"));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(registeredModelStatus("fraud-new-name")).isEqualTo(200);
        assertThat(registeredModelStatus("fraud-old-name")).isEqualTo(404);
        assertThat(raw("POST", "/api/2.0/mlflow/model-versions/transition-stage", "{\"name\":\"fraud-new-name\","
                + "\"version\":\"" + version + "\",\"stage\":\"Production\"}").status())
                .as("still under rule #1 after the rename").isEqualTo(403);
    }

    @Test
    void letsOrdinaryMetricsAndNewCarbonFiguresThrough() throws Exception {
        String run = seed.run(experimentId, "fresh", Map.of());

        RawHttp.Reply figure = raw("POST", "/api/2.0/mlflow/runs/log-batch", "{\"run_id\":\"" + run
                + "\",\"metrics\":[{\"key\":\"carbon/co2e_kg\",\"value\":0.7,\"timestamp\":1,\"step\":1},"
                + "{\"key\":\"loss\",\"value\":0.1,\"timestamp\":1,\"step\":1}]}");
        RawHttp.Reply loss = raw("POST", "/api/2.0/mlflow/runs/log-metric", "{\"run_id\":\"" + run
                + "\",\"key\":\"loss\",\"value\":0.05,\"timestamp\":2,\"step\":2}");

        assertThat(figure.status()).as(figure.body()).isEqualTo(200);
        assertThat(loss.status()).isEqualTo(200);
        assertThat(seed.latestMetric(run, "carbon/co2e_kg")).isEqualTo(0.7);
    }

    @Test
    void bodiesAnnouncedWithExpectContinueArriveOnInspectedAndPlainEndpoints() throws Exception {
        String run = seed.run(experimentId, "expect", Map.of());
        Map<String, String> expect = Map.of("Expect", "100-continue");

        RawHttp.Reply inspected = RawHttp.send(proxy.port(), "POST", "/api/2.0/mlflow/model-versions/set-tag", expect,
                "{\"name\":\"fraud-detector\",\"version\":\"" + lightVersion + "\",\"key\":\"expect\","
                        + "\"value\":\"continue\"}");
        RawHttp.Reply plain = RawHttp.send(proxy.port(), "POST", "/api/2.0/mlflow/runs/set-tag", expect,
                "{\"run_id\":\"" + run + "\",\"key\":\"k\",\"value\":\"v\"}");

        assertThat(inspected.status()).as(inspected.body()).isEqualTo(200);
        assertThat(plain.status()).as(plain.body()).isEqualTo(200);
        assertThat(List.of(inspected.continued(), plain.continued()))
                .as("the proxy asks for the body, so a client like curl does not stall a second waiting")
                .containsExactly(true, true);
        assertThat(seed.versionTags("fraud-detector", lightVersion)).containsEntry("expect", "continue");
    }

    @Test
    void theMlflowLoggerWorksThroughTheProxy(@TempDir Path spool)
            throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Measurement train = gpuMeasurement(start, 300, 20);
        Measurement eval = gpuMeasurement(start.plusSeconds(30), 100, 10);
        MlflowRun run;
        try (CarbonRunLogger logger = new CarbonRunLogger(new MlflowClient(MlflowConfig.of(proxy.uri().toString())
                .withRetries(1, Duration.ZERO)), new Spool(spool))) {
            run = logger.openRun(RunTarget.create("gate-logger", "pipeline", start.toEpochMilli()));
            CarbonRecord trainRecord = CarbonRecord.of(train, Optional.of(FootprintFigures.locationBased(
                    kwh(train), 400.0, "DE", "test", "yearly-average"))).withStage("train");
            CarbonRecord evalRecord = CarbonRecord.of(eval, Optional.of(FootprintFigures.locationBased(
                    kwh(eval), 50.0, "FR", "test", "yearly-average"))).withStage("eval");

            assertThat(logger.log(run, trainRecord).delivered()).isTrue();
            assertThat(logger.log(run, evalRecord).delivered()).as("totals grow, mean intensity falls").isTrue();
            assertThat(logger.log(run, trainRecord).delivered()).as("a replay").isTrue();
        }
        String runId = run.runId().orElseThrow();
        double total = kwh(train) * 0.4 + kwh(eval) * 0.05;
        assertThat(seed.latestMetric(runId, "carbon/co2e_kg")).isCloseTo(total, within(1e-9));
    }

    /** One GPU at a constant power, PUE 1.0. */
    private static Measurement gpuMeasurement(Instant start, double watts, int seconds) {
        DeviceMeasurement gpu = new DeviceMeasurement(new DeviceId(DeviceKind.GPU, 0, "GPU-gate", "NVIDIA H200"),
                watts * seconds, MeasurementMethod.NVML_ENERGY_COUNTER, watts, watts, List.of(), false);
        return new Measurement(start, start.plusSeconds(seconds), Duration.ofSeconds(seconds), List.of(gpu), 1.0,
                List.of());
    }

    private static double kwh(Measurement measurement) {
        return Measurement.joulesToKwh(measurement.facilityEnergyJoules());
    }

    @Test
    void chunkedBodiesAreJudgedAndReplayedWhole() throws Exception {
        RawHttp.Reply refused = RawHttp.sendChunked(proxy.port(), "POST",
                "/api/2.0/mlflow/model-versions/transition-stage", transitionBody(heavyVersion));
        RawHttp.Reply tagged = RawHttp.sendChunked(proxy.port(), "POST", "/api/2.0/mlflow/model-versions/set-tag",
                "{\"name\":\"fraud-detector\",\"version\":\"" + lightVersion + "\",\"key\":\"chunked\","
                        + "\"value\":\"whole\"}");

        assertThat(refused.status()).isEqualTo(403);
        assertHeavyVersionNotPromoted();
        assertThat(tagged.status()).as(tagged.body()).isEqualTo(200);
        assertThat(seed.versionTags("fraud-detector", lightVersion)).containsEntry("chunked", "whole");
    }

    @Test
    void refusesForgedGateTags() throws Exception {
        RawHttp.Reply reply = raw("POST", "/api/2.0/mlflow/model-versions/set-tag", "{\"name\":\"fraud-detector\","
                + "\"version\":\"" + heavyVersion + "\",\"key\":\"carbon.gate.decision\",\"value\":\"allowed\"}");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(seed.versionTags("fraud-detector", heavyVersion)).doesNotContainKey("carbon.gate.decision");
    }

    @Test
    void refusesDeletingTheGatesTagsButNotOthers() throws Exception {
        String run = seed.run(experimentId, "tagged", Map.of());
        mlflow.ledger().measure(run, 0.1, Instant.now());
        String version = seed.version("fraud-detector", run);
        assertThat(raw("POST", "/api/2.0/mlflow/registered-models/alias", aliasBody(version)).status()).isEqualTo(200);
        assertThat(raw("POST", "/api/2.0/mlflow/model-versions/set-tag", "{\"name\":\"fraud-detector\",\"version\":\""
                + version + "\",\"key\":\"note\",\"value\":\"x\"}").status()).isEqualTo(200);

        RawHttp.Reply gateTag = raw("DELETE", "/api/2.0/mlflow/model-versions/delete-tag", "{\"name\":"
                + "\"fraud-detector\",\"version\":\"" + version + "\",\"key\":\"carbon.gate.decision\"}");
        RawHttp.Reply otherTag = raw("DELETE", "/ajax-api/2.0/mlflow/model-versions/delete-tag", "{\"name\":"
                + "\"fraud-detector\",\"version\":\"" + version + "\",\"key\":\"note\"}");

        assertThat(gateTag.status()).isEqualTo(403);
        assertThat(otherTag.status()).as(otherTag.body()).isEqualTo(200);
        assertThat(seed.versionTags("fraud-detector", version)).containsEntry("carbon.gate.decision", "allowed")
                .doesNotContainKey("note");
    }

    @Test
    void createsVersionsThroughTheProxyButNotWithForgedGateTags() throws Exception {
        String body = "{\"name\":\"fraud-detector\",\"source\":\"runs:/" + heavyRun + "/model\",\"run_id\":\""
                + heavyRun + "\",\"tags\":[{\"key\":\"%s\",\"value\":\"allowed\"}]}";

        RawHttp.Reply forged = raw("POST", "/api/2.0/mlflow/model-versions/create", body.formatted("carbon.gate.decision"));
        RawHttp.Reply plain = raw("POST", "/api/2.0/mlflow/model-versions/create", body.formatted("reviewed"));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(plain.status()).as(plain.body()).isEqualTo(200);
        assertThat(plain.body()).contains("\"reviewed\"");
    }

    @Test
    void streamsLargeArtifactsBothWaysByteForByte() throws Exception {
        byte[] artifact = new byte[24 * 1024 * 1024];
        new Random(42).nextBytes(artifact);
        String run = seed.run(experimentId, "artifacts", Map.of());
        String path = "/api/2.0/mlflow-artifacts/artifacts/" + experimentId + "/" + run + "/artifacts/model.bin";

        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(proxy.uri() + path))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(artifact)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(URI.create(proxy.uri() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(get.statusCode()).isEqualTo(200);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        assertThat(sha.digest(get.body())).isEqualTo(MessageDigest.getInstance("SHA-256").digest(artifact));
    }

    @Test
    void logsEachRefusalWithoutCredentials() throws Exception {
        RawHttp.send(proxy.port(), "POST", "/api/2.0/mlflow/model-versions/transition-stage",
                Map.of("Authorization", "Bearer secret-token-123"), transitionBody(heavyVersion));

        assertThat(Collections.unmodifiableList(log)).anyMatch(line -> line.startsWith("refused POST"))
                .noneMatch(line -> line.contains("secret-token-123"));
    }
}
