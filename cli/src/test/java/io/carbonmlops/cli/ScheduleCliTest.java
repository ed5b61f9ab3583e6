package io.carbonmlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.carbonmlops.meter.MeterClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code carbon when}, {@code carbon where} and {@code carbon wait} in process, against a local forecast API. */
@Timeout(120)
class ScheduleCliTest {
    private static final Instant NOW = Instant.parse("2026-11-30T03:46:10Z");
    private static final String FORECAST = """
            {"zone":"DE","forecast":[
             {"carbonIntensity":400,"datetime":"2026-11-30T03:00:00.000Z"},{"carbonIntensity":300,"datetime":"2026-11-30T04:00:00.000Z"},
             {"carbonIntensity":280,"datetime":"2026-11-30T05:00:00.000Z"},{"carbonIntensity":200,"datetime":"2026-11-30T06:00:00.000Z"},
             {"carbonIntensity":100,"datetime":"2026-11-30T07:00:00.000Z"},{"carbonIntensity":120,"datetime":"2026-11-30T08:00:00.000Z"},
             {"carbonIntensity":250,"datetime":"2026-11-30T09:00:00.000Z"},{"carbonIntensity":300,"datetime":"2026-11-30T10:00:00.000Z"},
             {"carbonIntensity":310,"datetime":"2026-11-30T11:00:00.000Z"}],"updatedAt":"2026-11-30T03:30:00.000Z"}""";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Map<String, String> env = new HashMap<>(Map.of("CARBON_NVML_LIBRARY", "/nonexistent/libnvidia-ml.so.1"));
    private MockWebServer api;

    @TempDir
    Path dir;

    @BeforeEach
    void startApi() throws Exception {
        api = new MockWebServer();
        api.start();
        env.put("CARBON_ELECTRICITYMAPS_URL", api.url("/v3").toString());
        env.put("CARBON_ELECTRICITYMAPS_TOKEN", "em-token-cli-77");
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    private void answer(String body) {
        api.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body)
                .build());
    }

    private int run(MeterClock clock, String... args) {
        CommandLine commandLine = CarbonCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true),
                new CliEnvironment(env, clock));
        return commandLine.execute(args);
    }

    private static MeterClock fixed(Instant now) {
        return new MeterClock() {
            @Override
            public Instant wallTime() {
                return now;
            }

            @Override
            public long monotonicNanos() {
                return System.nanoTime();
            }
        };
    }

    @Test
    void whenPrintsTheBestStartItsBasisAndTheSaving() {
        answer(FORECAST);
        assertThat(run(fixed(NOW), "when", "--zone", "DE", "--provider", "electricitymaps", "--duration", "2h",
                "--within", "8h", "--power", "1000")).isZero();
        // (see ScheduleOverHttpTest) best 07:00-09:00 at 110 g/kWh against 303.8 now: 63.8 %, 0.388 kg at 2 kWh
        assertThat(out.toString())
                .contains("start      2026-11-30T07:00:00Z (in 3h13m)")
                .contains("expected 110 g/kWh")
                .contains("run now    303.8 g/kWh")
                .contains("saving     63.8 % of the run-now intensity, 0.388 kg CO2e at 1000 W for 2h")
                .contains("basis      provider-forecast, provider electricitymaps, Electricity Maps v3 "
                        + "carbon-intensity/forecast updated 2026-11-30T03:30:00.000Z");
    }

    @Test
    void whenJsonCarriesTheDecisionAndEveryFigureItUsed() {
        answer(FORECAST);
        assertThat(run(fixed(NOW), "when", "--zone", "DE", "--provider", "electricitymaps", "--duration", "2h",
                "--within", "8h", "--json")).isZero();
        JsonObject json = JsonParser.parseString(out.toString()).getAsJsonObject();
        assertThat(json.get("chosen_start").getAsString()).isEqualTo("2026-11-30T07:00:00.000Z");
        assertThat(json.get("decided_at").getAsString()).isEqualTo("2026-11-30T03:46:10.000Z");
        assertThat(json.get("wait_s").getAsLong()).isEqualTo(11_630);
        assertThat(json.get("expected_g_per_kwh").getAsDouble()).isEqualTo(110.0);
        assertThat(json.get("run_now_g_per_kwh").getAsDouble()).isCloseTo(2_187_600.0 / 7200, within(1e-9));
        assertThat(json.has("expected_saved_kg")).as("no --power, no kg").isFalse();
        JsonObject forecast = json.getAsJsonObject("forecast");
        assertThat(forecast.get("method").getAsString()).isEqualTo("provider-forecast");
        JsonArray points = forecast.getAsJsonArray("points");
        assertThat(points).hasSize(9);
        assertThat(points.get(4).getAsJsonObject().get("kind").getAsString()).isEqualTo("forecast");
        assertThat(json.get("requested_zone").getAsString()).isEqualTo("DE");
    }

    @Test
    void aDeadlineInThePastIsAUsageErrorBeforeAnyProviderIsAsked() {
        assertThat(run(fixed(NOW), "when", "--zone", "DE", "--provider", "electricitymaps", "--duration", "1h",
                "--deadline", "2026-11-30T03:00Z")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("the deadline 2026-11-30T03:00:00Z is already past (now 2026-11-30T03:46:10Z)");
        assertThat(api.getRequestCount()).isZero();
    }

    @Test
    void withinAndDeadlineAreExclusiveAndOneIsNeeded() {
        assertThat(run(fixed(NOW), "when", "--zone", "DE", "--duration", "1h")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("give exactly one of --within DURATION (e.g. 12h) and --deadline TIME");
        assertThat(run(fixed(NOW), "when", "--zone", "DE", "--duration", "1h", "--within", "3h", "--deadline",
                "2026-12-01T00:00Z")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void whereRanksCloudRegionsByTheirCurrentFigureWithProvenance() {
        assertThat(run(fixed(NOW), "where", "--candidates", "aws:us-east-1,aws:eu-north-1,gcp:europe-west4",
                "--json")).isZero();
        JsonObject json = JsonParser.parseString(out.toString()).getAsJsonObject();
        assertThat(json.get("ranked_by").getAsString()).isEqualTo("current-intensity");
        JsonArray rows = json.getAsJsonArray("candidates");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).getAsJsonObject().get("candidate").getAsString()).isEqualTo("aws:eu-north-1");
        double previous = 0;
        for (int i = 0; i < rows.size(); i++) {
            JsonObject row = rows.get(i).getAsJsonObject();
            assertThat(row.get("g_per_kwh").getAsDouble()).isGreaterThanOrEqualTo(previous);
            previous = row.get("g_per_kwh").getAsDouble();
            assertThat(row.get("basis").getAsString()).isEqualTo("yearly-average");
            assertThat(row.get("source").getAsString()).startsWith("table: Electricity Maps");
        }
    }

    @Test
    void whereByBestWindowPlansEachCandidate() {
        answer(FORECAST);
        for (int i = 0; i < 3; i++) { // FR: forecast, history and latest all refused, so the table answers
            api.enqueue(new MockResponse.Builder().code(404).body("{\"error\":\"zone not covered\"}").build());
        }
        assertThat(run(fixed(NOW), "where", "--candidates", "DE,FR", "--provider", "electricitymaps", "--duration",
                "2h", "--within", "8h")).isZero();
        // DE is planned on its forecast; FR on the table's flat yearly figure: ranked, but flagged.
        assertThat(out.toString()).contains("DE", "provider-forecast", "2026-11-30T07:00:00Z")
                .contains("warning    the candidates' figures are of different kinds")
                .contains("fallback   FR: electricitymaps: unknown-zone-at-provider");
        assertThat(api.getRequestCount()).isEqualTo(4);
        assertThat(out.toString() + err.toString()).as("the token never shows").doesNotContain("em-token-cli-77");
    }

    @Test
    void waitWithOnlyTheTableRunsAtOnceAndRecordsAZeroSavingAndWhy() throws Exception {
        Path json = dir.resolve("wait.json");
        assertThat(run(MeterClock.SYSTEM, "wait", "--zone", "DE", "--duration", "1h", "--within", "3h", "--json",
                json.toString(), "--", "true")).isZero();
        JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        JsonObject shift = root.getAsJsonObject("shift");
        assertThat(shift.get("run_now").getAsBoolean()).isTrue();
        assertThat(shift.getAsJsonObject("executed").getAsJsonObject("forecast").get("method").getAsString())
                .isEqualTo("none");
        JsonObject outcome = shift.getAsJsonObject("outcome");
        assertThat(outcome.get("saved_kg").getAsDouble()).isEqualTo(0.0);
        assertThat(outcome.getAsJsonArray("notes").toString()).contains("cannot show a saving");
        assertThat(err.toString()).contains("carbon: plan for DE, 1h job due by").contains("shift: started")
                .contains("no saving claimed against starting at");
        assertThat(outcome.has("saved_percent")).isFalse();
    }

    @Test
    void waitWithoutAZoneFailsBeforeWaiting() {
        assertThat(run(MeterClock.SYSTEM, "wait", "--duration", "1h", "--within", "3h", "--", "true"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("carbon wait needs a zone to plan for");
    }

    @Test
    void waitChecksTheMeasureOptionsBeforeWaiting() {
        answer(FORECAST);
        assertThat(run(fixed(NOW), "wait", "--zone", "DE", "--provider", "electricitymaps", "--duration", "1h",
                "--within", "8h", "--electricity-price", "0.3", "--", "true")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("need --currency");
        assertThat(api.getRequestCount()).as("no plan, no wait").isZero();
    }

    @Test
    void sigtermDuringTheWaitEndsCarbonBeforeTheCommandStarts() throws Exception {
        // A forecast from the real clock on: high for two hours, then low, so the plan waits about two hours.
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        StringBuilder rows = new StringBuilder();
        for (int h = 0; h < 8; h++) {
            rows.append(h == 0 ? "" : ",").append("{\"carbonIntensity\":").append(h < 2 ? 500 : 50)
                    .append(",\"datetime\":\"").append(hour.plus(Duration.ofHours(h))).append("\"}");
        }
        answer("{\"zone\":\"DE\",\"forecast\":[" + rows + "]}");
        Path marker = dir.resolve("ran");
        Path stderr = dir.resolve("stderr.txt");
        Map<String, String> processEnv = new HashMap<>(env);
        try (CarbonProcess carbon = CarbonProcess.start(processEnv, stderr, java.util.List.of("wait", "--zone", "DE",
                "--provider", "electricitymaps", "--duration", "1h", "--within", "7h", "--", "touch",
                marker.toString()))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!Files.readString(stderr).contains("start      ") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(stderr)).contains("plan for DE, 1h job due by");
            carbon.process().destroy(); // SIGTERM
            assertThat(carbon.exitCode()).isEqualTo(ExitCodes.SIGNAL_BASE + 15);
        }
        assertThat(Files.readString(stderr))
                .contains("wait stopped by SIGTERM before the command started; nothing was run");
        assertThat(marker).doesNotExist();
    }
}
