package io.carbonmlops.reports;

import static io.carbonmlops.reports.ReportLedgers.DEC;
import static io.carbonmlops.reports.ReportLedgers.NOV;
import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.ledger.StoredEntry;
import io.carbonmlops.ledger.store.GroupBy;
import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.ledger.store.LedgerStore;
import io.carbonmlops.ledger.store.LedgerStores;
import io.carbonmlops.ledger.verify.VerifyOptions;
import io.carbonmlops.meter.report.Figures;
import io.carbonmlops.mlflow.gate.policy.MonthlyBudget;
import io.carbonmlops.mlflow.gate.policy.PolicySource;
import io.carbonmlops.mlflow.testing.HeadlessChrome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The HTML report as a reader sees it: rendered by headless Chromium, screenshot kept in
 * {@code target/report-screenshots/}, the figures on screen re-derived from the ledger entries.
 */
@Timeout(180)
class ReportHtmlBrowserTest {
    private static HeadlessChrome chrome;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBrowser() throws Exception {
        chrome = HeadlessChrome.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (chrome != null) {
            chrome.close();
        }
    }

    @Test
    void theRenderedReportShowsTheSummaryChartsTablesAndPrintRules() throws Exception {
        CarbonReport report;
        List<StoredEntry> entries;
        try (LedgerStore store = LedgerStores.open(new LedgerLocation.Sqlite(dir.resolve("ledger.db")))) {
            ReportLedgers.fill(store);
            entries = ReportLedgers.inPeriod(store, NOV, DEC);
            ReportRequest request = ReportRequest.of(NOV, DEC, GroupBy.TEAM)
                    .withPrices(OptionalDouble.of(80), OptionalDouble.of(0.25), "EUR")
                    .withBudgets(List.of(new MonthlyBudget(MonthlyBudget.Dimension.TEAM, "vision", 4, new PolicySource("gate.yaml", 3))));
            report = new LedgerReports(store, VerifyOptions.all(), Clock.fixed(Instant.parse("2026-12-02T08:00:00Z"),
                    ZoneOffset.UTC)).build(request);
        }
        ReportFiles.write(report, EnumSet.of(ReportFiles.Format.HTML), dir);
        WebDriver driver = chrome.driver();
        driver.get(dir.resolve("carbon-report.html").toUri().toString());
        Path screenshots = Files.createDirectories(Path.of("target", "report-screenshots"));
        Files.write(screenshots.resolve("carbon-report.png"),
                ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

        Map<String, Double> co2e = ReportLedgers.sum(entries, ReportLedgers::team, ReportLedgers::co2e);
        Map<String, Double> market = ReportLedgers.sum(entries, ReportLedgers::team, ReportLedgers::market);
        double total = co2e.values().stream().mapToDouble(Double::doubleValue).sum();
        double totalMarket = market.values().stream().mapToDouble(Double::doubleValue).sum();

        // summary first: the verification banner, then the totals
        List<WebElement> headings = driver.findElements(By.tagName("h2"));
        assertThat(headings.get(0).getText()).isEqualTo("Summary");
        assertThat(driver.findElement(By.id("verification")).getText()).startsWith("Verified: ledger verified");
        assertThat(figure(driver, "co2e-location")).isEqualTo(Figures.co2e(total));
        assertThat(figure(driver, "co2e-market")).isEqualTo(Figures.co2e(totalMarket));
        assertThat(figure(driver, "records")).isEqualTo("5");
        assertThat(figure(driver, "carbon-cost")).isEqualTo(ReportHtml.money(total / 1000 * 80, "EUR"));
        assertThat(figure(driver, "budgets-over")).isEqualTo("1 of 1");

        // the table, one row per team, figures as the entries give them
        for (String team : List.of("vision", "nlp")) {
            WebElement row = driver.findElement(By.cssSelector("#lines tr[data-group='" + team + "']"));
            assertThat(row.findElement(By.cssSelector("td.co2e-location")).getText()).as(team)
                    .isEqualTo(Figures.co2e(co2e.get(team)));
            assertThat(row.findElement(By.cssSelector("td.co2e-market")).getText()).as(team)
                    .isEqualTo(Figures.co2e(market.get(team)));
            assertThat(row.findElement(By.cssSelector("td.refs")).getText()).as(team)
                    .isEqualTo(String.join(" ", ReportLedgers.ids(entries, team)));
        }
        WebElement budget = driver.findElement(By.cssSelector("#budgets tr[data-budget='carbon.team=vision']"));
        assertThat(budget.findElement(By.cssSelector("td.status")).getText()).isEqualTo("OVER");

        // charts: bars drawn to scale (vision used more than nlp in November)
        WebElement visionBar = driver.findElement(By.cssSelector(
                "#chart-monthly-team rect[data-team='vision'][data-month='2026-11']"));
        WebElement nlpBar = driver.findElement(By.cssSelector(
                "#chart-monthly-team rect[data-team='nlp'][data-month='2026-11']"));
        assertThat(visionBar.getSize().getHeight()).isGreaterThan(nlpBar.getSize().getHeight()).isPositive();
        assertThat(driver.findElements(By.cssSelector("#chart-top-models rect[data-model]")))
                .extracting(e -> e.getAttribute("data-model")).containsExactly("detector", "segmenter", "bert-qa");
        assertThat(driver.findElement(By.cssSelector("#chart-measured-estimated rect[data-share='estimated']"))
                .getSize().getWidth()).isPositive();

        // methodology, licences and print rules
        assertThat(driver.findElement(By.id("methodology")).getText()).contains("Scope 2, market-based");
        assertThat(driver.findElement(By.id("licences")).getText()).contains("ODbL").contains("CC BY-SA 4.0");
        Object printRules = ((JavascriptExecutor) driver).executeScript("return Array.from(document.styleSheets)"
                + ".flatMap(s => Array.from(s.cssRules)).filter(r => r.media && r.media.mediaText === 'print').length");
        assertThat(((Number) printRules).intValue()).isEqualTo(1);
    }

    private static String figure(WebDriver driver, String name) {
        return driver.findElement(By.cssSelector("dd[data-figure='" + name + "']")).getText();
    }
}
