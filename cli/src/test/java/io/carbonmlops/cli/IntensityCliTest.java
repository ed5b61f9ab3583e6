package io.carbonmlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.carbonmlops.meter.MeterClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code carbon intensity}, {@code carbon zones} and the carbon options of {@code carbon measure}, in process. */
@Timeout(60)
class IntensityCliTest {
    private static final String TOKEN = "em-cli-token-4e1d";
    private static final String LATEST = """
            {"zone":"DE","carbonIntensity":302,"datetime":"2026-11-30T03:00:00.000Z",
             "updatedAt":"2026-11-30T03:41:07.182Z","emissionFactorType":"lifecycle","isEstimated":false}""";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Map<String, String> env = new HashMap<>(Map.of("CARBON_NVML_LIBRARY", "/nonexistent/libnvidia-ml.so.1"));

    @TempDir
    Path dir;

    private int run(String... args) {
        CommandLine commandLine = CarbonCli.commandLine(new PrintWriter(out), new PrintWriter(err),
                new CliEnvironment(env, MeterClock.SYSTEM));
        return commandLine.execute(args);
    }

    @Test
    void intensityPrintsTheTableFigureWithItsProvenanceWithoutNetwork() {
        assertThat(run("intensity", "--zone", "DEU")).isZero();
        assertThat(out.toString())
                .contains("zone       DE (ISO alpha-3 DEU)")
                .contains("intensity  342 g/kWh (yearly-average)")
                .contains("source     table: Electricity Maps 2025 yearly average (lifecycle-consumption, ODbL-1.0)")
                .contains("provider   table")
                .doesNotContain("fallback");
    }

    @Test
    void intensityJsonForACloudRegion() {
        assertThat(run("intensity", "--zone", "aws:eu-west-1", "--json")).isZero();
        JsonObject json = JsonParser.parseString(out.toString()).getAsJsonObject();
        assertThat(json.get("zone").getAsString()).isEqualTo("IE");
        assertThat(json.get("kind").getAsString()).isEqualTo("yearly-average");
        assertThat(json.get("requested_zone").getAsString()).isEqualTo("aws:eu-west-1");
        assertThat(json.get("as_of").getAsString()).isEqualTo("2025-01-01T00:00:00.000Z");
        assertThat(json.get("fallback_reason").isJsonNull()).as("present, null: no provider was skipped").isTrue();
    }

    @Test
    void anUnknownZoneFailsNamingCloseMatches() {
        assertThat(run("intensity", "--zone", "SE-SE9")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("unknown zone 'SE-SE9'").contains("SE-SE1").contains("SE-SE3");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnknownProviderIsAUsageError() {
        assertThat(run("intensity", "--zone", "DE", "--provider", "electricitymapz")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("unknown intensity provider 'electricitymapz'", "electricitymaps");
    }

    @Test
    void liveProviderAnswersAndItsFailureFallsBackWithTheReasonButNeverTheToken() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            env.put("CARBON_ELECTRICITYMAPS_URL", server.url("/v3").toString());
            env.put("CARBON_ELECTRICITYMAPS_TOKEN", TOKEN);
            server.enqueue(new MockResponse.Builder().code(200).body(LATEST).build());
            server.enqueue(new MockResponse.Builder().code(401).body("{\"error\":\"bad token " + TOKEN + "\"}").build());

            assertThat(run("intensity", "--zone", "DE", "--provider", "electricitymaps,table")).isZero();
            assertThat(out.toString()).contains("intensity  302 g/kWh (measured)", "provider   electricitymaps");
            RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
            assertThat(request.getUrl().encodedPath()).isEqualTo("/v3/carbon-intensity/latest");
            assertThat(request.getHeaders().get("auth-token")).isEqualTo(TOKEN);

            assertThat(run("intensity", "--zone", "DE", "--provider", "electricitymaps,table", "--json")).isZero();
            String json = out.toString().substring(out.toString().indexOf('{'));
            JsonObject document = JsonParser.parseString(json).getAsJsonObject();
            assertThat(document.get("g_per_kwh").getAsDouble()).isEqualTo(342.0);
            assertThat(document.get("fallback_reason").getAsString())
                    .startsWith("electricitymaps: http-401-unauthorized");
        }
        assertThat(out.toString() + err.toString()).doesNotContain(TOKEN);
    }

    @Test
    void forecastRowsFromALiveProvider() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            env.put("CARBON_ELECTRICITYMAPS_URL", server.url("/v3").toString());
            env.put("CARBON_ELECTRICITYMAPS_TOKEN", TOKEN);
            server.enqueue(new MockResponse.Builder().code(200).body(LATEST).build());
            server.enqueue(new MockResponse.Builder().code(200).body("""
                    {"zone":"DE","forecast":[{"carbonIntensity":280,"datetime":"2026-11-30T04:00:00.000Z"},
                     {"carbonIntensity":260,"datetime":"2026-11-30T05:00:00.000Z"}],"updatedAt":"2026-11-30T03:30:00.000Z"}""")
                    .build());

            assertThat(run("intensity", "--zone", "DE", "--provider", "electricitymaps", "--forecast", "6", "--json"))
                    .isZero();
            server.takeRequest(1, TimeUnit.SECONDS);
            RecordedRequest forecast = server.takeRequest(1, TimeUnit.SECONDS);
            assertThat(forecast.getUrl().encodedPath()).isEqualTo("/v3/carbon-intensity/forecast");
            assertThat(forecast.getUrl().queryParameter("horizonHours")).isEqualTo("6");
        }
        JsonObject json = JsonParser.parseString(out.toString()).getAsJsonObject().getAsJsonObject("forecast");
        assertThat(json.get("provider").getAsString()).isEqualTo("electricitymaps");
        assertThat(json.getAsJsonArray("points")).hasSize(2);
        JsonObject first = json.getAsJsonArray("points").get(0).getAsJsonObject();
        assertThat(first.get("g_per_kwh").getAsDouble()).isEqualTo(280.0);
        assertThat(first.get("kind").getAsString()).isEqualTo("forecast");
        assertThat(first.get("from").getAsString()).isEqualTo("2026-11-30T04:00:00.000Z");
    }

    @Test
    void wattTimeFiguresComeWithTheirSignalIndex() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            env.put("CARBON_WATTTIME_URL", server.url("/").toString());
            env.put("CARBON_WATTTIME_USERNAME", "user");
            env.put("CARBON_WATTTIME_PASSWORD", "wt-cli-password");
            server.enqueue(new MockResponse.Builder().code(200).body("{\"token\":\"jwt-1\"}").build());
            server.enqueue(new MockResponse.Builder().code(200).body("""
                    {"data":[{"point_time":"2026-11-30T03:45:00+00:00","value":1000.0}],
                     "meta":{"data_point_period_seconds":300,"region":"CAISO_NORTH","signal_type":"co2_moer",
                             "units":"lbs_co2_per_mwh","warnings":[]}}""").build());
            server.enqueue(new MockResponse.Builder().code(200).body("""
                    {"data":[{"point_time":"2026-11-30T03:45:00+00:00","value":37.0}],
                     "meta":{"region":"CAISO_NORTH","signal_type":"co2_moer","units":"percentile"}}""").build());

            assertThat(run("intensity", "--zone", "US-CAL-CISO", "--provider", "watttime")).isZero();
            assertThat(server.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath()).isEqualTo("/login");
            assertThat(server.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath()).isEqualTo("/v3/forecast");
            assertThat(server.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath()).isEqualTo("/v3/signal-index");
        }
        assertThat(out.toString()).contains("intensity  453.6 g/kWh (forecast)", "index      37 % of recent marginal rates")
                .doesNotContain("wt-cli-password");
    }

    @Test
    void zonesListsZonesAndCloudRegionsFiltered() {
        assertThat(run("zones", "se-se")).isZero();
        assertThat(out.toString()).contains("SE-SE1", "SE-SE4", "Electricity Maps").doesNotContain("DE ");
        out.getBuffer().setLength(0);
        assertThat(run("zones", "--regions", "aws:eu-west")).isZero();
        assertThat(out.toString()).contains("aws:eu-west-1", "IE").doesNotContain("G/KWH");
    }

    @Test
    void zonesPrefersCodesOverNamesAndSaysWhatElseMatched() {
        assertThat(run("zones", "se")).isZero();
        assertThat(out.toString()).containsPattern("(?m)^SE +SWE ").containsPattern("(?m)^SE-SE3 ")
                .containsPattern("(?m)^\\S+ +SE-SE\\d").as("Swedish cloud regions")
                .doesNotContainPattern("(?m)^RS ").doesNotContainPattern("(?m)^SC ")
                .doesNotContainPattern("(?m)^aws:ap-northeast-2 ")
                .containsPattern("also 'se' in a name or location, not a code: .*Serbia \\(RS\\)")
                .contains("add --names to list them");

        out.getBuffer().setLength(0);
        assertThat(run("zones", "--names", "se")).isZero();
        assertThat(out.toString()).containsPattern("(?m)^SE +SWE ").containsPattern("(?m)^RS +SRB ")
                .containsPattern("(?m)^aws:ap-northeast-2 +KR ");

        out.getBuffer().setLength(0);
        assertThat(run("zones", "germany")).isZero();
        assertThat(out.toString()).as("no code matches: names are searched").containsPattern("(?m)^DE +DEU ");
    }

    @Test
    void intensityTakesTheZoneFromCarbonZoneLikeMeasure() {
        assertThat(run("intensity")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("no zone: pass --zone ZONE or set CARBON_ZONE");
        env.put("CARBON_ZONE", "DE");
        assertThat(run("intensity")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("zone       DE", "intensity  342 g/kWh (yearly-average)");
        env.put("CARBON_ZONE", "Atlantis");
        assertThat(run("intensity")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("CARBON_ZONE: ").contains("Atlantis");
    }

    @Test
    void currencyMustBeAnIso4217Code() {
        assertThat(run("measure", "--no-cpu", "--no-ram", "--zone", "DE", "--electricity-price", "0.3", "--currency",
                "EURO", "--", "true")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--currency must be an ISO 4217 currency code such as EUR, USD or GBP; "
                + "'EURO' is not one");
        err.getBuffer().setLength(0);
        assertThat(run("measure", "--no-cpu", "--no-ram", "--zone", "DE", "--electricity-price", "0.3", "--currency",
                "eur", "--", "true")).as(err.toString()).isZero();
        assertThat(err.toString()).contains(" EUR electricity");
    }

    @Test
    void aJsonFileInAMissingDirectoryIsAUsageErrorBeforeTheCommandRunsAndCreatesNothing() {
        Path missing = dir.resolve("nonexistent");
        Path marker = dir.resolve("ran");
        assertThat(run("measure", "--no-cpu", "--no-ram", "--json", missing.resolve("x.json").toString(), "--",
                "touch", marker.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--json " + missing.resolve("x.json") + ": directory " + missing
                + " does not exist (carbon does not create it)");
        assertThat(missing).doesNotExist();
        assertThat(marker).as("the command did not run").doesNotExist();
    }

    @Test
    void zonesJsonListsEveryZoneAndRegion() {
        assertThat(run("zones", "--json")).isZero();
        JsonObject json = JsonParser.parseString(out.toString()).getAsJsonObject();
        assertThat(json.getAsJsonArray("zones").size()).isGreaterThan(360);
        assertThat(json.getAsJsonArray("cloud_regions").size()).isEqualTo(140);
    }

    @Test
    void measureWithAZoneAddsCarbonFieldsAndCostsToTheJsonAndSummary() throws Exception {
        FakeMachine machine = new FakeMachine(dir);
        Path jsonFile = dir.resolve("m.json");
        List<String> args = new ArrayList<>(List.of("measure", "--json", jsonFile.toString(), "--pue", "1.5",
                "--zone", "DE", "--market-factor", "50", "--electricity-price", "0.3", "--carbon-price", "80",
                "--currency", "EUR"));
        args.addAll(List.of(machine.meterOptions()));
        args.addAll(List.of("--", "sh", "-c", machine.advanceScript(), "sh", "5", "2"));

        assertThat(run(args.toArray(String[]::new))).isZero();

        JsonObject root = JsonParser.parseString(Files.readString(jsonFile)).getAsJsonObject();
        double facilityKwh = 7.0 * 1.5 / 3.6e6;
        assertThat(root.get("co2e_kg").getAsDouble()).isCloseTo(facilityKwh * 342 / 1000, within(1e-15));
        assertThat(root.get("accounting").getAsString()).isEqualTo("single-factor");
        JsonObject intensity = root.getAsJsonObject("intensity");
        assertThat(intensity.get("g_per_kwh").getAsDouble()).isEqualTo(342.0);
        assertThat(intensity.get("zone").getAsString()).isEqualTo("DE");
        assertThat(intensity.get("kind").getAsString()).isEqualTo("yearly-average");
        assertThat(intensity.get("source").getAsString()).contains("Electricity Maps 2025");
        assertThat(intensity.get("as_of").getAsString()).isEqualTo("2025-01-01T00:00:00.000Z");
        assertThat(root.get("co2e_market_based_kg").getAsDouble()).isCloseTo(facilityKwh * 50 / 1000, within(1e-15));
        JsonObject cost = root.getAsJsonObject("cost");
        assertThat(cost.get("currency").getAsString()).isEqualTo("EUR");
        assertThat(cost.get("electricity").getAsDouble()).isCloseTo(facilityKwh * 0.3, within(1e-15));
        assertThat(cost.get("carbon").getAsDouble()).isCloseTo(facilityKwh * 342 / 1e6 * 80, within(1e-15));
        // 10.5 J facility: 0.9975 mg at 342 g/kWh, 0.146 mg at 50 g/kWh
        assertThat(err.toString()).containsPattern("carbon:   co2e 0\\.99[78] mg \\(location-based, single-factor\\) at 342 "
                + "g/kWh, zone DE").contains("carbon:   co2e 0.146 mg market-based at 50 g/kWh", "EUR electricity");
    }

    @Test
    void measureWithAnUnknownZoneFailsBeforeRunningTheCommand() {
        Path marker = dir.resolve("ran");
        assertThat(run("measure", "--zone", "Germany", "--", "touch", marker.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("unknown zone 'Germany'");
        assertThat(marker).doesNotExist();
    }

    @Test
    void measureWithPricesButNoCurrencyOrABadCarbonZoneFailsBeforeRunningTheCommand() {
        Path marker = dir.resolve("ran");
        assertThat(run("measure", "--zone", "DE", "--electricity-price", "0.3", "--", "touch", marker.toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--electricity-price and --carbon-price need --currency");

        env.put("CARBON_ZONE", "Germany");
        assertThat(run("measure", "--", "touch", marker.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("CARBON_ZONE: unknown zone 'Germany'");
        assertThat(marker).doesNotExist();
    }

    @Test
    void measureWithCarbonOptionsButNoZoneUsesTheWorldAverageAndSaysSo() throws Exception {
        Path jsonFile = dir.resolve("world.json");
        assertThat(run("measure", "-q", "--no-cpu", "--no-ram", "--market-factor", "50", "--json", jsonFile.toString(),
                "--", "true")).isZero();

        JsonObject root = JsonParser.parseString(Files.readString(jsonFile)).getAsJsonObject();
        assertThat(root.getAsJsonObject("intensity").get("kind").getAsString()).isEqualTo("world-average");
        assertThat(root.has("co2e_market_based_kg")).isTrue();
        assertThat(root.getAsJsonArray("warnings").toString()).contains("no zone given", "pass --zone");
    }

    @Test
    void measureWithoutAZoneAddsNoCarbonFields() throws Exception {
        Path jsonFile = dir.resolve("plain.json");
        assertThat(run("measure", "-q", "--no-cpu", "--no-ram", "--json", jsonFile.toString(), "--", "true")).isZero();
        JsonObject root = JsonParser.parseString(Files.readString(jsonFile)).getAsJsonObject();
        assertThat(root.has("co2e_kg")).isFalse();
    }
}
