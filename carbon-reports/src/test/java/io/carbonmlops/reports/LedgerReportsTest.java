package io.carbonmlops.reports;

import static io.carbonmlops.ledger.testing.LedgerFixtures.KEY_A;
import static io.carbonmlops.reports.ReportLedgers.DEC;
import static io.carbonmlops.reports.ReportLedgers.NOV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.carbonmlops.ledger.StoredEntry;
import io.carbonmlops.ledger.keys.TrustList;
import io.carbonmlops.ledger.keys.TrustedKey;
import io.carbonmlops.ledger.store.GroupBy;
import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.ledger.store.LedgerStore;
import io.carbonmlops.ledger.store.LedgerStores;
import io.carbonmlops.ledger.verify.VerifyOptions;
import io.carbonmlops.mlflow.gate.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every figure of a ledger report re-derived from the signed payloads of the period's entries. */
class LedgerReportsTest {
    private static final TrustList TRUST = TrustList.of(List.of(TrustedKey.of("jenkins-prod", KEY_A.publicKey())));
    private static final String POLICY = """
            rules:
              - model: "*"
                stage: Production
                budget_kg: 100
            monthly_budgets:
              - team: vision
                budget_kg: 4
              - team: nlp
                budget_kg: 5
            trust:
              - name: jenkins-prod
                public_key: %s
            """.formatted(io.carbonmlops.ledger.keys.PublicKeys.toBase64(KEY_A.publicKey()));

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-02T08:00:00Z"), ZoneOffset.UTC);

    private ReportRequest november(GroupBy groupBy) {
        return ReportRequest.of(NOV, DEC, groupBy).withPrices(OptionalDouble.of(80), OptionalDouble.of(0.25), "EUR")
                .withBudgets(PolicyLoader.parse(POLICY, "gate.yaml").monthlyBudgets());
    }

    @Test
    void everyFigureOfTheTeamReportComesFromThePeriodsEntries() throws Exception {
        LedgerLocation location = new LedgerLocation.Sqlite(dir.resolve("ledger.db"));
        try (LedgerStore store = LedgerStores.open(location)) {
            ReportLedgers.fill(store);
            CarbonReport report = new LedgerReports(store, VerifyOptions.all().trusting(TRUST), clock)
                    .build(november(GroupBy.TEAM));
            List<StoredEntry> entries = ReportLedgers.inPeriod(store, NOV, DEC);
            assertThat(entries).hasSize(5);

            Map<String, Double> co2e = ReportLedgers.sum(entries, ReportLedgers::team, ReportLedgers::co2e);
            Map<String, Double> market = ReportLedgers.sum(entries, ReportLedgers::team, ReportLedgers::market);
            Map<String, Double> it = ReportLedgers.sum(entries, ReportLedgers::team, ReportLedgers::itKwh);
            Map<String, Double> facility = ReportLedgers.sum(entries, ReportLedgers::team, ReportLedgers::facilityKwh);
            Map<String, Double> estimated = ReportLedgers.sum(entries, ReportLedgers::team,
                    ReportLedgers::estimatedJoules);
            Map<String, Double> devices = ReportLedgers.sum(entries, ReportLedgers::team, ReportLedgers::deviceJoules);
            assertThat(report.lines()).extracting(ReportLine::group).containsExactly("vision", "nlp");
            for (ReportLine line : report.lines()) {
                String team = line.group();
                assertThat(line.co2eLocationKg()).as(team).isCloseTo(co2e.get(team), within(1e-12));
                assertThat(line.co2eMarketKg()).as(team).isCloseTo(market.get(team), within(1e-12));
                assertThat(line.itEnergyKwh()).as(team).isCloseTo(it.get(team), within(1e-12));
                assertThat(line.facilityEnergyKwh()).as(team).isCloseTo(facility.get(team), within(1e-12));
                assertThat(line.estimatedShare().getAsDouble()).as(team)
                        .isCloseTo(estimated.get(team) / devices.get(team), within(1e-12));
                assertThat(line.electricityCost().getAsDouble()).isCloseTo(facility.get(team) * 0.25, within(1e-12));
                assertThat(line.carbonCost().getAsDouble()).isCloseTo(co2e.get(team) / 1000 * 80, within(1e-12));
                assertThat(line.refs()).containsExactlyElementsOf(ReportLedgers.ids(entries, team));
                assertThat(line.verification()).isEqualTo("verified");
            }
            ReportLine vision = report.lines().get(0);
            assertThat(vision.records()).isEqualTo(3);
            assertThat(vision.contractualRecords()).isEqualTo(2);
            assertThat(vision.marketBasis()).isEqualTo("contractual factor for 2 of 3 records; location-based grid "
                    + "average for the other 1 (no residual mix recorded)");
            assertThat(vision.trustedRecords()).isEqualTo(3);
            assertThat(vision.intensitySources()).containsExactly(
                    "DE: table: Electricity Maps 2025 yearly, DE (yearly-average, 2025), 3 records");
            assertThat(vision.shift()).as("the detector's training waited for greener hours")
                    .isEqualTo(new ReportLine.Shift(1, 0.625, 3.125));
            ReportLine nlp = report.lines().get(1);
            assertThat(nlp.unsignedRecords()).isEqualTo(1);
            assertThat(nlp.trustedRecords()).isEqualTo(1);
            assertThat(nlp.shift()).as("December's shifted entry is outside the period").isEqualTo(
                    ReportLine.Shift.NONE);

            // budgets: vision 4.5 kg against 4 kg (over), nlp 1.0 kg against 5 kg
            assertThat(report.budgets()).hasSize(2);
            BudgetLine visionBudget = report.budgets().get(0);
            assertThat(visionBudget.month()).isEqualTo("2026-11");
            assertThat(visionBudget.actualKg()).isCloseTo(co2e.get("vision"), within(1e-12));
            assertThat(visionBudget.over()).isTrue();
            assertThat(report.budgets().get(1).over()).isFalse();
            assertThat(report.verification().verified()).isTrue();
            assertThat(report.verification().summary()).contains("intact").contains("trust list");

            // charts: per month per team, top models
            assertThat(report.monthlyByTeam().get("2026-11")).containsOnlyKeys("vision", "nlp");
            assertThat(report.topModels()).extracting(Map.Entry::getKey)
                    .containsExactly("detector", "segmenter", "bert-qa");
            assertThat(report.topModels().get(1).getValue()).isCloseTo(2.0, within(1e-12));

            // the files hold the same figures
            List<Path> files = ReportFiles.write(report, EnumSet.allOf(ReportFiles.Format.class), dir);
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("carbon-report.csv",
                    "carbon-report-budgets.csv", "carbon-report.json", "carbon-report.html");
            JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("carbon-report.json")))
                    .getAsJsonObject();
            assertThat(json.getAsJsonObject("totals").get("co2e_location_kg").getAsDouble())
                    .isCloseTo(co2e.values().stream().mapToDouble(Double::doubleValue).sum(), within(1e-12));
            assertThat(json.getAsJsonArray("lines").get(0).getAsJsonObject().getAsJsonArray("refs")).hasSize(3);
            JsonObject shift = json.getAsJsonObject("totals").getAsJsonObject("shift");
            assertThat(shift.get("records").getAsLong()).isEqualTo(1);
            assertThat(shift.get("saved_kg").getAsDouble()).isEqualTo(0.625);
            assertThat(shift.get("saved_share").getAsDouble()).isEqualTo(0.2);
            List<String> csv = Files.readAllLines(dir.resolve("carbon-report.csv"));
            assertThat(csv).hasSize(3);
            assertThat(csv.get(0)).startsWith("group_by,group,from,to,records,it_energy_kwh");
            assertThat(csv.get(1)).startsWith("team,vision,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,3,");
            assertThat(csv.get(1)).contains(String.join(" ", ReportLedgers.ids(entries, "vision")));
            assertThat(csv.get(0)).contains(",shifted_records,shift_saved_kg,shift_run_now_co2e_kg,");
            assertThat(csv.get(1)).contains(",1,0.625,3.125,");
            assertThat(csv.get(2)).contains(",0,0,0,");
            assertThat(Files.readString(dir.resolve("carbon-report.html")))
                    .contains("data-figure=\"shift-saved\" data-value=\"0.625\">625 g CO2e (20 % of starting at once)");
            assertThat(Files.readString(dir.resolve("carbon-report-budgets.csv")))
                    .contains("carbon.team,vision,2026-11,4.5,4,").contains(",over,");
        }
    }

    @Test
    void postgresqlSumsTheSameEntriesToTheSameFigures() {
        ReportRequest request = november(GroupBy.VERSION);
        CarbonReport fromSqlite;
        try (LedgerStore store = LedgerStores.open(new LedgerLocation.Sqlite(dir.resolve("ledger.db")))) {
            ReportLedgers.fill(store);
            fromSqlite = new LedgerReports(store, VerifyOptions.all(), clock).build(request);
        }
        CarbonReport fromPostgres;
        try (LedgerStore store = LedgerStores.open(io.carbonmlops.ledger.testing.PostgresServer.shared()
                .createDatabase())) {
            ReportLedgers.fill(store);
            fromPostgres = new LedgerReports(store, VerifyOptions.all(), clock).build(request);
        }
        assertThat(fromPostgres.lines()).hasSize(5);
        for (int i = 0; i < fromSqlite.lines().size(); i++) {
            ReportLine a = fromSqlite.lines().get(i);
            ReportLine b = fromPostgres.lines().get(i);
            assertThat(b.group()).isEqualTo(a.group());
            assertThat(b.co2eLocationKg()).isCloseTo(a.co2eLocationKg(), within(1e-12));
            assertThat(b.co2eMarketKg()).isCloseTo(a.co2eMarketKg(), within(1e-12));
            assertThat(b.itEnergyKwh()).isCloseTo(a.itEnergyKwh(), within(1e-12));
            assertThat(b.facilityEnergyKwh()).isCloseTo(a.facilityEnergyKwh(), within(1e-12));
            assertThat(b.estimatedShare().getAsDouble()).isCloseTo(a.estimatedShare().getAsDouble(), within(1e-12));
            assertThat(b.intensitySources()).isEqualTo(a.intensitySources());
            assertThat(b.records()).isEqualTo(a.records());
            assertThat(b.shift()).isEqualTo(a.shift());
        }
        assertThat(fromPostgres.shift()).isEqualTo(new ReportLine.Shift(1, 0.625, 3.125));
        assertThat(fromPostgres.budgets()).extracting(BudgetLine::actualKg)
                .containsExactlyElementsOf(fromSqlite.budgets().stream().map(BudgetLine::actualKg).toList());
        assertThat(fromPostgres.verification().verified()).isTrue();
    }

    @Test
    void otherGroupingsSplitTheSameEntries() {
        LedgerLocation location = new LedgerLocation.Sqlite(dir.resolve("ledger.db"));
        try (LedgerStore store = LedgerStores.open(location)) {
            ReportLedgers.fill(store);
            LedgerReports reports = new LedgerReports(store, VerifyOptions.all(), clock);
            assertThat(reports.build(november(GroupBy.VERSION)).lines()).extracting(ReportLine::group)
                    .containsExactlyInAnyOrder("detector@", "segmenter@3", "segmenter@4", "bert-qa@", "bert-qa@1");
            assertThat(reports.build(november(GroupBy.PIPELINE)).lines()).extracting(ReportLine::group)
                    .containsExactly(ReportLine.UNATTRIBUTED, "nightly-2026-11-15"); // 3.0 kg, then 2.5 kg
            CarbonReport agents = reports.build(november(GroupBy.AGENT));
            assertThat(agents.lines()).extracting(ReportLine::group).containsExactly(ReportLine.UNATTRIBUTED,
                    "gpu-agent-3");
            assertThat(agents.lines().get(1).co2eLocationKg()).isEqualTo(2.5);
            assertThat(reports.build(november(GroupBy.ZONE)).lines()).extracting(ReportLine::group)
                    .containsExactly("DE");
        }
    }

    @Test
    void verifyingOnASecondConnectionGivesTheSameReport() {
        LedgerLocation location = new LedgerLocation.Sqlite(dir.resolve("ledger.db"));
        try (LedgerStore store = LedgerStores.open(location); LedgerStore verifying = LedgerStores.open(location)) {
            ReportLedgers.fill(store);
            LedgerReports sequential = new LedgerReports(store, VerifyOptions.all().trusting(TRUST), clock);
            LedgerReports beside = new LedgerReports(store, verifying, VerifyOptions.all().trusting(TRUST), clock);
            CarbonReport one = sequential.build(november(GroupBy.TEAM));
            CarbonReport two = beside.build(november(GroupBy.TEAM));

            assertThat(two).isEqualTo(one);
            assertThat(two.verification().verified()).isTrue();
            assertThat(beside.lastCheckpoint()).isEqualTo(sequential.lastCheckpoint()).isPresent();
        }
    }

    @Test
    void aTamperedEntryMakesTheReportSayWhichLinesAreNotVerified() throws Exception {
        Path file = dir.resolve("ledger.db");
        try (LedgerStore store = LedgerStores.open(new LedgerLocation.Sqlite(file))) {
            ReportLedgers.fill(store);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS ledger_entries_no_update");
            // seq 4 (nlp, 0.4 kg) moved to team vision in the column only: the signed payload disagrees
            s.execute("UPDATE ledger_entries SET co2e_kg = 0.01 WHERE seq = 4");
        }
        try (LedgerStore store = LedgerStores.open(new LedgerLocation.Sqlite(file));
                LedgerStore verifying = LedgerStores.open(new LedgerLocation.Sqlite(file))) {
            // the verification on its own connection, beside the sums (what carbon report does)
            CarbonReport report = new LedgerReports(store, verifying, VerifyOptions.all(), clock)
                    .build(november(GroupBy.TEAM));
            assertThat(report.verification().verified()).isFalse();
            assertThat(report.verification().breakSeq()).contains(4L);
            assertThat(report.verification().summary()).contains("FAILED at entry seq 4");
            assertThat(report.lines()).filteredOn(l -> l.group().equals("nlp")).singleElement()
                    .extracting(ReportLine::verification).asString().startsWith("NOT verified");
            assertThat(report.lines()).filteredOn(l -> l.group().equals("vision")).singleElement()
                    .extracting(ReportLine::verification).asString().startsWith("verified (all entries before");
            assertThat(ReportHtml.render(report)).contains("class=\"banner unverified\"").contains("UNVERIFIED: ");
        }
    }
}
