package io.carbonmlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.ledger.keys.KeyFiles;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.mlflow.gate.TestLedger;
import io.carbonmlops.mlflow.gate.MlflowSeed;
import io.carbonmlops.mlflow.testing.MlflowServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code carbon gate check|promote|serve} against a real MLflow server and a real SQLite ledger. */
@Timeout(300)
class GateCommandTest {
    private static final String POLICY = """
            rules:
              - model: "fraud-*"
                stage: Production
                budget_kg: 1.0
                counts: run
            """;

    static MlflowServer server;
    static MlflowSeed seed;
    static TestLedger ledger;
    static Path gateKey;
    static String heavyVersion;
    static String lightVersion;
    @TempDir
    static Path dir;
    static Path policy;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() throws Exception {
        server = MlflowServer.start();
        seed = new MlflowSeed(server.trackingUri());
        String experiment = seed.experiment("gate-cli");
        seed.registeredModel("fraud-detector");
        ledger = TestLedger.in(dir);
        String heavyRun = seed.runWithCo2e(experiment, "heavy", 3.0, Map.of());
        String lightRun = seed.runWithCo2e(experiment, "light", 0.25, Map.of());
        ledger.measure(heavyRun, 3.0, Instant.now());
        ledger.measure(lightRun, 0.25, Instant.now());
        heavyVersion = seed.version("fraud-detector", heavyRun);
        lightVersion = seed.version("fraud-detector", lightRun);
        gateKey = KeyFiles.writeNew(dir.resolve("keys"), "gate", TestLedger.GATE).privateKey();
        policy = dir.resolve("gate.yaml");
        Files.writeString(policy, TestLedger.trustYaml() + "ledger: " + ledger.file() + "\n" + POLICY);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (ledger != null) {
            ledger.close();
        }
    }

    private int carbon(String... args) {
        return carbonWith(Map.of(), args);
    }

    private int carbonWith(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("MLFLOW_TRACKING_URI", server.trackingUri());
        CliEnvironment environment = new CliEnvironment(env, MeterClock.SYSTEM);
        return CarbonCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), environment)
                .execute(args);
    }

    @Test
    void checkExitsZeroAndExplainsWhenAllowed() {
        int code = carbon("gate", "check", "--model", "fraud-detector", "--version", lightVersion,
                "--stage", "Production", "--policy", policy.toString());

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).startsWith("Carbon gate allowed 'fraud-detector' version " + lightVersion)
                .contains("(source) 250 g CO2e from 1 entry signed by ci", "version identity: run_id: ");
        assertThat(seed.stage("fraud-detector", lightVersion)).as("check changes nothing").isEqualTo("None");
    }

    @Test
    void checkExitsWithTheRefusalCodeWhenOverBudget() {
        int code = carbon("gate", "check", "--model", "fraud-detector", "--version", heavyVersion,
                "--stage", "production", "--policy", policy.toString());

        assertThat(code).isEqualTo(ExitCodes.GATE_DENIED);
        assertThat(out.toString()).contains("3 kg CO2e (budget 1 kg) exceeds the budget");
    }

    @Test
    void checkWithAnotherLedgerFindsNoRecord() {
        int code = carbon("gate", "check", "--model", "fraud-detector", "--version", lightVersion,
                "--stage", "Production", "--policy", policy.toString(), "--ledger", dir.resolve("empty.db").toString());

        assertThat(code).as("--ledger overrides the policy's ledger").isEqualTo(ExitCodes.GATE_DENIED);
        assertThat(out.toString()).contains("no carbon record");
    }

    @Test
    void promoteTransitionsOnlyWhatIsAllowedAndRecordsBothDecisions() {
        int before = ledger.decisions().size();
        int refused = carbon("gate", "promote", "--model", "fraud-detector", "--version", heavyVersion,
                "--stage", "Production", "--policy", policy.toString(), "--gate-key", gateKey.toString());
        int promoted = carbonWith(Map.of("CARBON_GATE_KEY", gateKey.toString()), "gate", "promote", "--model",
                "fraud-detector", "--version", lightVersion, "--alias", "champion", "--policy", policy.toString());

        assertThat(refused).isEqualTo(ExitCodes.GATE_DENIED);
        assertThat(seed.stage("fraud-detector", heavyVersion)).isEqualTo("None");
        assertThat(promoted).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(seed.aliases("fraud-detector", lightVersion).toString()).contains("champion");
        assertThat(seed.versionTags("fraud-detector", lightVersion))
                .containsEntry("carbon.gate.verdict", "NO_RULE_ALLOWED").containsKey("carbon.gate.ledger_entry");
        assertThat(ledger.decisions()).hasSize(before + 2);
    }

    @Test
    void promoteAndServeNeedAGateKey() {
        assertThat(carbon("gate", "promote", "--model", "fraud-detector", "--version", lightVersion,
                "--alias", "champion", "--policy", policy.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("records every decision as a signed ledger entry: give --gate-key FILE"
                + " or set CARBON_GATE_KEY");
        assertThat(carbon("gate", "serve", "--upstream", server.trackingUri(), "--policy", policy.toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(carbon("gate", "promote", "--model", "fraud-detector", "--version", lightVersion,
                "--alias", "champion", "--policy", policy.toString(), "--gate-key", dir.resolve("absent.key")
                        .toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--gate-key: signing key").contains("does not exist");
    }

    @Test
    void everySubcommandTakesThePolicyFromTheEnvironmentWithoutPolicyOption() {
        int checked = carbonWith(Map.of(GateCommand.POLICY_ENV, policy.toString()), "gate", "check",
                "--model", "fraud-detector", "--version", heavyVersion, "--stage", "Production");
        assertThat(checked).as(err.toString()).isEqualTo(ExitCodes.GATE_DENIED);

        for (String[] args : List.of(new String[] {"gate", "check", "--model", "m", "--version", "1", "--alias", "a"},
                new String[] {"gate", "serve", "--upstream", server.trackingUri()})) {
            err.getBuffer().setLength(0);
            assertThat(carbon(args)).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("no policy: pass --policy FILE or set " + GateCommand.POLICY_ENV);
        }
    }

    @Test
    void aMalformedPolicyIsAUsageErrorNamingFileAndLine() throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "rules:\n  - model: m\n    stage: Production\n    budget_kg: lots\n"
                + TestLedger.trustYaml());

        int code = carbon("gate", "check", "--model", "m", "--version", "1", "--stage", "Production",
                "--policy", broken.toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("invalid gate policy: " + broken + ":4:16: rules[1].budget_kg");
    }

    @Test
    void stageAndAliasAreExclusiveAndOneIsRequired() {
        assertThat(carbon("gate", "check", "--model", "m", "--version", "1", "--policy", policy.toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(carbon("gate", "check", "--model", "m", "--version", "1", "--stage", "Staging", "--alias", "a",
                "--policy", policy.toString())).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void serveRefusesOverBudgetPromotionsAndPassesTheRest(@TempDir Path work) throws Exception {
        Path stderr = work.resolve("serve.err");
        try (CarbonProcess serve = CarbonProcess.start(Map.of(), stderr, List.of("gate", "serve",
                "--upstream", server.trackingUri(), "--listen", "127.0.0.1:0", "--policy", policy.toString(),
                "--gate-key", gateKey.toString()))) {
            URI proxy = awaitListening(stderr, serve);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(
                    proxy.resolve("/ajax-api/2.0/mlflow/model-versions/transition-stage"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"fraud-detector\",\"version\":\""
                            + heavyVersion + "\",\"stage\":\"Production\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(proxy.resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("\"error_code\":\"PERMISSION_DENIED\"");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(seed.stage("fraud-detector", heavyVersion)).isEqualTo("None");
            assertThat(Files.readString(stderr)).contains("ledger " + ledger.file());
        }
    }

    private static URI awaitListening(Path stderr, CarbonProcess serve) throws Exception {
        Pattern listening = Pattern.compile("listening on (http://\\S+),");
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            String text = Files.exists(stderr) ? Files.readString(stderr) : "";
            Matcher matcher = listening.matcher(text);
            if (matcher.find()) {
                return URI.create(matcher.group(1));
            }
            if (!serve.process().isAlive()) {
                throw new AssertionError("carbon gate serve exited: " + text);
            }
            Thread.sleep(Duration.ofMillis(200).toMillis());
        }
        throw new AssertionError("carbon gate serve did not start listening: " + Files.readString(stderr));
    }
}
