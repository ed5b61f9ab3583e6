package io.carbonmlops.cli;

import static io.carbonmlops.ledger.testing.LedgerFixtures.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.carbonmlops.ledger.Attribution;
import io.carbonmlops.ledger.EntryKind;
import io.carbonmlops.ledger.StoredEntry;
import io.carbonmlops.ledger.keys.KeyFiles;
import io.carbonmlops.ledger.keys.PublicKeys;
import io.carbonmlops.ledger.store.EntryQuery;
import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.ledger.store.LedgerStore;
import io.carbonmlops.ledger.store.LedgerStores;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowConfig;
import io.carbonmlops.mlflow.testing.MlflowServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's "done when": a monthly report for two teams, three models and a Jenkins-pipeline-attributed entry,
 * made by {@code carbon report} from a real MLflow server and a ledger that {@code carbon measure} filled (fake
 * 100 W GPU), every figure re-derived here from the ledger entries; the report attached to MLflow; without the
 * ledger, the same period from MLflow marked unverified.
 */
@Timeout(400)
class ReportEndToEndTest {
    private static final double CARBON_PRICE = 80;
    private static final double ENERGY_PRICE = 0.3;

    private static MlflowServer server;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void startServer() {
        server = MlflowServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private int carbon(Map<String, String> extra, List<String> args) {
        Map<String, String> env = new HashMap<>(server.clientEnvironment());
        env.put("CARBON_NVML_LIBRARY", FakeNvmlLibrary.path().toString()); // one fake 100 W GPU
        env.put("CARBON_SPOOL_DIR", dir.resolve("spool").toString());
        env.put("CARBON_LEDGER_SPOOL_DIR", dir.resolve("ledger-spool").toString());
        env.put("CARBON_HOST", "ci-1");
        env.putAll(extra);
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return CarbonCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true),
                new CliEnvironment(env, MeterClock.SYSTEM)).execute(args.toArray(String[]::new));
    }

    private void measure(FakeMachine machine, Path ledger, Path key, Map<String, String> env, String... options) {
        List<String> args = new ArrayList<>(List.of("measure", "-q", "--zone", "DE", "--interval", "50ms",
                "--ledger", ledger.toString(), "--ledger-key", key.toString(), "--mlflow-experiment", "e2e-report"));
        args.addAll(List.of(machine.meterOptions()));
        args.addAll(List.of(options));
        args.addAll(List.of("--", "sh", "-c", "sleep 0.3"));
        assertThat(carbon(env, args)).as(err.toString()).isZero();
    }

    @Test
    void aMonthlyReportForTwoTeamsThreeModelsAndAPipelineIsReDerivedFromTheLedger() throws Exception {
        FakeMachine machine = new FakeMachine(dir);
        Path key = KeyFiles.writeNew(dir.resolve("keys"), "jenkins-prod", KEY_A).privateKey();
        Path ledger = dir.resolve("ledger.db");
        Path trust = Files.writeString(dir.resolve("trust.yaml"), "trust:\n  - name: jenkins-prod\n    public_key: "
                + PublicKeys.toBase64(KEY_A.publicKey()) + "\n");
        Path policy = Files.writeString(dir.resolve("gate.yaml"), String.join("\n",
                "rules:", "  - model: \"*\"", "    stage: Production", "    budget_kg: 100",
                "monthly_budgets:", "  - team: vision", "    budget_kg: 0.000001",
                "  - team: nlp", "    budget_kg: 1", "") + Files.readString(trust));
        Map<String, String> none = Map.of();
        measure(machine, ledger, key, none, "--team", "vision", "--project", "seg", "--model-name", "segmenter",
                "--model-version", "3", "--market-factor", "100", "--carbon-price", "80", "--currency", "EUR");
        measure(machine, ledger, key, none, "--team", "vision", "--project", "seg", "--model-name", "segmenter",
                "--model-version", "4");
        measure(machine, ledger, key, Map.of("JOB_NAME", "vision/train-detector", "BUILD_NUMBER", "42", "NODE_NAME",
                "gpu-agent-3"), "--team", "vision", "--project", "det", "--model-name", "detector",
                "--pipeline-id", "nightly-42", "--pue", "1.3");
        measure(machine, ledger, key, none, "--team", "nlp", "--project", "chat", "--model-name", "bert-qa",
                "--market-factor", "20");
        measure(machine, ledger, key, none, "--team", "nlp", "--project", "chat", "--model-name", "bert-qa",
                "--model-version", "1", "--predictions", "5000");

        List<StoredEntry> entries;
        try (LedgerStore store = LedgerStores.open(new LedgerLocation.Sqlite(ledger))) {
            entries = store.find(EntryQuery.all());
        }
        assertThat(entries).hasSize(5);
        Instant first = entries.get(0).entry().occurredAt();
        Instant last = entries.get(entries.size() - 1).entry().occurredAt();
        YearMonth month = YearMonth.from(first.atOffset(ZoneOffset.UTC));
        Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = YearMonth.from(last.atOffset(ZoneOffset.UTC)).plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        Path reportDir = Files.createDirectories(dir.resolve("report"));

        int exit = carbon(none, List.of("report", "--from", from.toString(), "--to", to.toString(), "--group-by",
                "team", "--ledger", ledger.toString(), "--trust", trust.toString(), "--policy", policy.toString(),
                "--carbon-price", "80", "--electricity-price", "0.3", "--out", reportDir.toString(),
                "--attach-experiment", "carbon-reports"));

        assertThat(exit).as(err.toString() + out).isZero();
        assertThat(out.toString()).contains("verified: ledger verified over seq 1..5").contains("over budget: "
                + "carbon.team=vision");
        JsonObject json = JsonParser.parseString(Files.readString(reportDir.resolve("carbon-report.json")))
                .getAsJsonObject();
        assertThat(json.getAsJsonObject("verification").get("verified").getAsBoolean()).isTrue();
        Map<String, JsonObject> lines = new TreeMap<>();
        json.getAsJsonArray("lines").forEach(l -> lines.put(l.getAsJsonObject().get("group").getAsString(),
                l.getAsJsonObject()));
        assertThat(lines).containsOnlyKeys("vision", "nlp");
        for (String team : List.of("vision", "nlp")) {
            List<StoredEntry> mine = entries.stream().filter(e -> e.entry().attribution().team().orElseThrow()
                    .equals(team)).toList();
            JsonObject line = lines.get(team);
            double co2e = sum(mine, b -> b.get("co2e_kg").getAsDouble());
            double market = sum(mine, b -> b.has("co2e_market_based_kg") ? b.get("co2e_market_based_kg").getAsDouble()
                    : b.get("co2e_kg").getAsDouble());
            double facility = sum(mine, b -> b.getAsJsonObject("energy_kwh").get("facility").getAsDouble());
            double it = sum(mine, b -> b.getAsJsonObject("energy_kwh").get("total").getAsDouble());
            assertThat(co2e).as(team + ": the fake GPU drew energy").isPositive();
            assertThat(line.get("records").getAsLong()).isEqualTo(mine.size());
            assertThat(line.get("co2e_location_kg").getAsDouble()).as(team).isCloseTo(co2e, within(co2e * 1e-12));
            assertThat(line.get("co2e_market_kg").getAsDouble()).as(team).isCloseTo(market, within(co2e * 1e-12));
            assertThat(line.get("facility_energy_kwh").getAsDouble()).isCloseTo(facility, within(facility * 1e-12));
            assertThat(line.get("it_energy_kwh").getAsDouble()).isCloseTo(it, within(it * 1e-12));
            assertThat(line.get("electricity_cost").getAsDouble()).isCloseTo(facility * ENERGY_PRICE,
                    within(facility * 1e-12));
            assertThat(line.get("carbon_cost").getAsDouble()).isCloseTo(co2e / 1000 * CARBON_PRICE,
                    within(co2e * 1e-12));
            assertThat(line.get("trusted_records").getAsLong()).isEqualTo(mine.size());
            assertThat(strings(line.getAsJsonArray("refs"))).containsExactlyElementsOf(mine.stream()
                    .map(e -> e.entry().entryId().toString()).toList());
            assertThat(strings(line.getAsJsonArray("intensity_sources"))).singleElement().asString()
                    .startsWith("DE: table: Electricity Maps");
        }
        assertThat(lines.get("vision").get("market_basis").getAsString()).startsWith("contractual factor for 1 of 3");
        Map<String, Double> budgets = new TreeMap<>();
        json.getAsJsonArray("budgets").forEach(b -> budgets.merge(b.getAsJsonObject().get("value").getAsString() + " "
                + b.getAsJsonObject().get("status").getAsString(), b.getAsJsonObject().get("actual_co2e_kg")
                .getAsDouble(), Double::sum));
        assertThat(budgets).containsOnlyKeys("vision over", "nlp within");
        assertThat(json.getAsJsonArray("top_models")).extracting(m -> m.getAsJsonObject().get("model").getAsString())
                .containsExactlyInAnyOrder("segmenter", "detector", "bert-qa");
        assertThat(entries).filteredOn(e -> e.entry().kind() == EntryKind.INFERENCE_WINDOW).hasSize(1);
        assertThat(Files.readString(reportDir.resolve("carbon-report.html"))).contains("Verified: ledger verified");
        assertThat(Files.readAllLines(reportDir.resolve("carbon-report.csv"))).hasSize(3);

        // attached to MLflow as artifacts of a run in the chosen experiment
        String runId = out.toString().replaceAll("(?s).*attached to MLflow experiment carbon-reports, run (\\w+).*",
                "$1");
        try (MlflowClient client = new MlflowClient(MlflowConfig.fromEnvironment(server.clientEnvironment()))) {
            String experimentId = client.get("experiments/get-by-name", Map.of("experiment_name", "carbon-reports"))
                    .getAsJsonObject("experiment").get("experiment_id").getAsString();
            assertThat(client.listArtifacts(experimentId, runId, "carbon-report")).contains("carbon-report.html",
                    "carbon-report.csv", "carbon-report.json", "carbon-report-budgets.csv");
            assertThat(new String(client.getArtifact(experimentId, runId, "carbon-report/carbon-report.json")))
                    .isEqualTo(Files.readString(reportDir.resolve("carbon-report.json")));
        }

        // the Jenkins pipeline and its agent, as their own lines
        assertThat(carbon(none, List.of("report", "--from", from.toString(), "--to", to.toString(), "--group-by",
                "pipeline", "--format", "json", "--ledger", ledger.toString(), "--out", reportDir.toString())))
                .as(err.toString()).isZero();
        JsonObject byPipeline = JsonParser.parseString(Files.readString(reportDir.resolve("carbon-report.json")))
                .getAsJsonObject();
        StoredEntry jenkins = entries.stream().filter(e -> e.entry().attribution().get(Attribution.PIPELINE_ID)
                .isPresent()).findFirst().orElseThrow();
        assertThat(jenkins.entry().attribution().get(Attribution.JENKINS_AGENT)).contains("gpu-agent-3");
        JsonObject pipelineLine = line(byPipeline, "nightly-42");
        assertThat(strings(pipelineLine.getAsJsonArray("refs"))).containsExactly(jenkins.entry().entryId().toString());
        assertThat(pipelineLine.get("co2e_location_kg").getAsDouble())
                .isEqualTo(jenkins.entry().body().get("co2e_kg").getAsDouble());

        // without the ledger: the same runs from MLflow, marked unverified
        assertThat(carbon(none, List.of("report", "--from", from.toString(), "--to", to.toString(), "--format",
                "json", "--mlflow-experiment", "e2e-report", "--out", reportDir.toString()))).as(err.toString())
                .isZero();
        JsonObject unverified = JsonParser.parseString(Files.readString(reportDir.resolve("carbon-report.json")))
                .getAsJsonObject();
        assertThat(unverified.getAsJsonObject("verification").get("verified").getAsBoolean()).isFalse();
        assertThat(out.toString()).contains("UNVERIFIED: read from MLflow");
        double ledgerTotal = sum(entries, b -> b.get("co2e_kg").getAsDouble());
        assertThat(unverified.getAsJsonObject("totals").get("records").getAsLong()).isEqualTo(5);
        assertThat(unverified.getAsJsonObject("totals").get("co2e_location_kg").getAsDouble())
                .isCloseTo(ledgerTotal, within(ledgerTotal * 1e-9));
    }

    private static JsonObject line(JsonObject report, String group) {
        for (JsonElement l : report.getAsJsonArray("lines")) {
            if (l.getAsJsonObject().get("group").getAsString().equals(group)) {
                return l.getAsJsonObject();
            }
        }
        throw new AssertionError("no line for " + group + " in " + report.getAsJsonArray("lines"));
    }

    private static double sum(List<StoredEntry> entries, java.util.function.ToDoubleFunction<JsonObject> figure) {
        return entries.stream().mapToDouble(e -> figure.applyAsDouble(e.entry().body())).sum();
    }

    private static List<String> strings(JsonArray array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.getAsString()));
        return values;
    }

    @SuppressWarnings("unused")
    private static Predicate<StoredEntry> team(String team) {
        return e -> e.entry().attribution().team().filter(team::equals).isPresent();
    }
}
