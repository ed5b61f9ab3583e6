package io.carbonmlops.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.meter.Measurement;
import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowConfig;
import io.carbonmlops.mlflow.testing.HeadlessChrome;
import io.carbonmlops.mlflow.testing.MlflowServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The carbon metrics as a user sees them: the MLflow UI's run page and compare page in headless Debian Chromium. */
@Timeout(300)
class CarbonUiBrowserTest {
    private static HeadlessChrome chrome;
    private static MlflowServer server;
    private static WebDriver driver;
    private static String experimentId;
    private static String firstRun;
    private static String secondRun;

    @BeforeAll
    static void start() throws Exception {
        chrome = HeadlessChrome.start();
        driver = chrome.driver();
        server = MlflowServer.start();
        try (CarbonRunLogger logger = new CarbonRunLogger(new MlflowClient(MlflowConfig.of(server.trackingUri())),
                new Spool(Files.createTempDirectory("carbon-ui-spool-")))) {
            firstRun = loggedRun(logger, "small-model", 1);
            secondRun = loggedRun(logger, "big-model", 4);
            experimentId = logger.findExperiment("carbon-ui").orElseThrow();
        }
    }

    private static String loggedRun(CarbonRunLogger logger, String name, int gpus) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Measurement m = TestMeasurements.gpuRun(start, gpus, 30, 250);
        MlflowRun run = logger.openRun(RunTarget.create("carbon-ui", name, start.toEpochMilli()));
        assertThat(logger.log(run, CarbonRecord.of(m, TestMeasurements.footprint(m))).delivered()).isTrue();
        logger.endRun(run, RunStatus.FINISHED);
        return run.runId().orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (chrome != null) {
            chrome.close();
        }
    }

    @Test
    void theRunPageListsTheCarbonMetrics() {
        driver.get(server.trackingUri() + "/#/experiments/" + experimentId + "/runs/" + firstRun);

        waitForText("carbon/co2e_kg");
        String page = driver.findElement(By.tagName("body")).getText();
        assertThat(page).contains("carbon/energy_kwh", "carbon/gpu_energy_kwh", "carbon/intensity_g_per_kwh",
                "small-model");
        // 250 W GPU + 50 W CPU for 30 s = 9000 J = 0.0025 kWh; x PUE 1.2 x 400 g/kWh = 0.0012 kg
        assertThat(page).containsPattern("carbon/co2e_kg\\s+0\\.0012\\b").containsPattern("carbon/energy_kwh\\s+0\\.0025\\b")
                .containsPattern("carbon/intensity_g_per_kwh\\s+400\\b");
    }

    @Test
    void theComparePageShowsBothRunsCarbonFiguresSideBySide() {
        String runs = URLEncoder.encode("[\"" + firstRun + "\",\"" + secondRun + "\"]", StandardCharsets.UTF_8);
        String experiments = URLEncoder.encode("[\"" + experimentId + "\"]", StandardCharsets.UTF_8);
        driver.get(server.trackingUri() + "/#/compare-runs?runs=" + runs + "&experiments=" + experiments);

        waitForText("carbon/co2e_kg");
        String page = driver.findElement(By.tagName("body")).getText();
        assertThat(page).contains("small-model", "big-model", "carbon/energy_kwh");
        // small: 9000 J IT -> 0.0012 kg; big: 4 GPUs (250..253 W) + 50 W for 30 s = 31680 J -> 0.004224 kg. The
        // compare page rounds to three decimals. MLflow 2.x and 3.6 print each metric's name beside its two values;
        // 3.17 lists the names, then the value pairs in the same order: the pairs are side by side in both.
        assertThat(page).contains("carbon/co2e_g", "carbon/co2e_kg")
                .containsPattern("(?m)^1\\.2\\s+4\\.224$|carbon/co2e_g\\s+1\\.2\\s+4\\.224\\b")
                .containsPattern("(?m)^0\\.001\\s+0\\.004$|carbon/co2e_kg\\s+0\\.001\\s+0\\.004\\b")
                .containsPattern("(?m)^0\\.003\\s+0\\.009$|carbon/energy_kwh\\s+0\\.003\\s+0\\.009\\b");
    }

    private static void waitForText(String text) {
        new WebDriverWait(driver, Duration.ofSeconds(90)).until(d -> d.findElement(By.tagName("body")).getText().contains(text));
    }
}
