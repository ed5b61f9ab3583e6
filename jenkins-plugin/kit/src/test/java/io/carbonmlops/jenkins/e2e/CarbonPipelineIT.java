package io.carbonmlops.jenkins.e2e;

import static io.carbonmlops.jenkins.e2e.CarbonJenkins.ALL_GPUS_WATTS;
import static io.carbonmlops.jenkins.e2e.CarbonJenkins.MLFLOW_PASSWORD;
import static io.carbonmlops.jenkins.e2e.CarbonJenkins.assertCarbonFigures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.carbonmlops.jenkins.carbon.GateCheck;
import io.carbonmlops.jenkins.tracking.MlflowAccess;
import io.carbonmlops.jenkins.tracking.MlflowRunReader;
import io.carbonmlops.ledger.Attribution;
import io.carbonmlops.ledger.EntryKind;
import io.carbonmlops.ledger.LedgerEntry;
import io.carbonmlops.ledger.StoredEntry;
import io.carbonmlops.ledger.store.EntryQuery;
import io.carbonmlops.ledger.store.LedgerStore;
import io.carbonmlops.ledger.verify.LedgerVerifier;
import io.carbonmlops.ledger.verify.VerificationReport;
import io.carbonmlops.ledger.verify.VerifyOptions;
import io.carbonmlops.meter.report.Figures;
import io.carbonmlops.mlflow.gate.GateTarget;
import io.carbonmlops.mlflow.gate.MlflowSeed;
import io.carbonmlops.mlflow.testing.HeadlessChrome;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The plugin in a real Jenkins 2.541.2: carbon-tracking.hpi uploaded through the plugin manager, a real inbound
 * WebSocket agent with two fake GPUs (300 W and 150 W), a real MLflow server. Each Pipeline scenario of issue 10 is a
 * test; the job page and the Pipeline Syntax page are looked at in headless Chromium.
 */
@Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
class CarbonPipelineIT {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(4);
    private static final String MODEL = "resnet50-imagenet";
    private static CarbonJenkins world;
    private static Pipelines.Build example;

    @BeforeAll
    static void start() throws Exception {
        world = CarbonJenkins.start("pipelines", true);
    }

    @AfterAll
    static void stop() throws Exception {
        if (world != null) {
            try {
                world.assertNoPluginErrorsLogged();
            } finally {
                world.close();
            }
        }
    }

    @Test
    void theHpiHoldsThePluginJarWithItsExtensionIndexAndOnlyWhatJenkinsDoesNotProvide() throws Exception {
        try (ZipFile hpi = new ZipFile(E2eRequirements.hpi().toFile())) {
            assertThat(hpi.stream().map(e -> e.getName()).filter(n -> n.startsWith("WEB-INF/lib/") && n.endsWith(".jar")))
                    .containsExactlyInAnyOrder("WEB-INF/lib/carbon-tracking.jar", "WEB-INF/lib/shared-meter.jar",
                            "WEB-INF/lib/mlflow-carbon.jar", "WEB-INF/lib/carbon-ledger.jar",
                            "WEB-INF/lib/sqlite-jdbc.jar", "WEB-INF/lib/postgresql.jar");
            String manifest = new String(hpi.getInputStream(hpi.getEntry("META-INF/MANIFEST.MF")).readAllBytes(),
                    StandardCharsets.UTF_8).replace("\r\n ", "").replace("\n ", "");
            assertThat(manifest).contains("Short-Name: carbon-tracking", "Group-Id: io.jenkins.plugins",
                    "Long-Name: Carbon Tracking (carbon-mlops)", "Jenkins-Version: 2.541.2", "Minimum-Java-Version: 17",
                    "Plugin-License-Name: MIT License", "ionicons-api:", "credentials-binding:", "gson-api:",
                    "apache-httpcomponents-client-5-api:", "snakeyaml-api:", "workflow-step-api:");
        }
        String installed = world.jenkins.groovy(String.join("\n",
                "def plugin = Jenkins.get().pluginManager.getPlugin('carbon-tracking')",
                "println 'active=' + plugin.active + ' failed=' + (Jenkins.get().pluginManager.failedPlugins*.name)",
                "println 'steps=' + org.jenkinsci.plugins.workflow.steps.StepDescriptor.all()",
                "    .findAll { it.class.name.startsWith('io.carbonmlops') }.collect { it.functionName }.sort()",
                "println 'config=' + io.carbonmlops.jenkins.CarbonGlobalConfiguration.get().displayName"));
        assertThat(installed).contains("active=true failed=[]")
                .contains("steps=[carbonGate, carbonIntensity, greenestZone, waitForLowCarbon, withCarbonTracking]")
                .contains("config=carbon-mlops");
    }

    @Test
    void jenkinsfileExampleTrainsEvaluatesAndPromotesWithinBudgetLoggingCarbonToMlflow() throws Exception {
        Pipelines.Build build = exampleBuild();

        assertThat(build.result()).as(build.console()).isEqualTo("SUCCESS");
        double de = CarbonJenkins.tableIntensity("DE");
        assertThat(build.console()).contains("Grid intensity in DE: " + de + " g/kWh (yearly-average, table)");
        assertThat(build.console()).as("no forecast from the table: the plan says so and starts now")
                .contains("waitForLowCarbon: start now for DE").contains("waitForLowCarbon:   figures: none from table");
        MlflowRunReader train = world.run(MODEL, "carbon-example #1 Train");
        assertThat(train.status()).isEqualTo("FINISHED");
        assertThat(train.metrics()).containsEntry("accuracy", 0.93);
        assertCarbonFigures(train, ALL_GPUS_WATTS, 1.2, "DE");
        assertThat(train.tags()).containsEntry("team", "vision").containsEntry("git_commit", "unknown")
                .containsEntry("jenkins.job", "carbon-example").containsEntry("jenkins.build_number", "1")
                .containsEntry("jenkins.node", "a1").containsEntry("jenkins.stage", "Train")
                .containsEntry("carbon.outcome", "success");
        MlflowRunReader evaluate = world.run(MODEL, "evaluate #1");
        assertThat(evaluate.metrics()).containsEntry("top1", 0.81);
        assertCarbonFigures(evaluate, ALL_GPUS_WATTS, 1.0, "DE");
        MlflowSeed registry = new MlflowSeed(world.mlflow.trackingUri());
        assertThat(registry.aliases(MODEL, "1").toString()).as("promoted by carbonGate").contains("champion");
        assertThat(build.console()).contains("carbonGate: ").contains("Promoted.").contains("recorded in the ledger")
                .doesNotContain("carbonGate: warning");
        try (LedgerStore ledger = world.openLedger()) {
            assertThat(ledger.find(EntryQuery.all().kind(EntryKind.GATE_DECISION))).as("the promotion's decision entry")
                    .anySatisfy(d -> assertThat(d.entry().body().get("allowed").getAsBoolean()).isTrue());
        }
    }

    @Test
    void eachBlockIsASignedLedgerEntryMadeOnTheControllerThatVerifiesAndMatchesMlflow() throws Exception {
        Pipelines.Build build = exampleBuild();
        MlflowRunReader train = world.run(MODEL, "carbon-example #1 Train");

        assertThat(build.console()).contains("withCarbonTracking: ledger: entry ").contains("signed by key ");
        try (LedgerStore ledger = world.openLedger()) {
            VerificationReport report = LedgerVerifier.verify(ledger,
                    VerifyOptions.all().trusting(world.ledgerTrust()).requiringSignatures(true));
            assertThat(report.intact()).as("carbon ledger verify: %s", report).isTrue();
            List<StoredEntry> entries = ledger.find(EntryQuery.forRun(train.runId()).kind(EntryKind.MEASUREMENT));
            assertThat(entries).hasSize(1);
            assertThat(LedgerVerifier.check(ledger, entries, world.ledgerTrust())).singleElement()
                    .satisfies(verdict -> assertThat(verdict.signedBy("jenkins-e2e")).isTrue());
            LedgerEntry entry = entries.get(0).entry();
            double mlflowKwh = train.metrics().get("carbon/facility_energy_kwh");
            assertThat(entry.body().getAsJsonObject("energy_kwh").get("facility").getAsDouble())
                    .isCloseTo(mlflowKwh, within(mlflowKwh * 1e-12));
            assertThat(entry.body().get("co2e_kg").getAsDouble())
                    .isCloseTo(train.metrics().get("carbon/co2e_kg"), within(train.metrics().get("carbon/co2e_kg") * 1e-12));
            assertThat(entry.attribution().asMap()).containsEntry(Attribution.JENKINS_JOB, "carbon-example")
                    .containsEntry(Attribution.JENKINS_BUILD, "1").containsEntry(Attribution.JENKINS_AGENT, "a1")
                    .containsEntry(Attribution.MLFLOW_RUN_ID, train.runId())
                    .containsEntry(Attribution.MLFLOW_EXPERIMENT_ID, train.experimentId())
                    .containsEntry(Attribution.TEAM, "vision").containsEntry(Attribution.PIPELINE_ID, "carbon-example#1");
        }
    }

    @Test
    void buildsCannotReadTheLedgerSigningKey() throws Exception {
        world.pipelines.create("steal-key", "node('a1') { withCredentials([file(credentialsId: '"
                + CarbonJenkins.LEDGER_KEY_ID + "', variable: 'KEY')]) { sh 'cat \"$KEY\"' } }");

        Pipelines.Build build = world.pipelines.run("steal-key", BUILD_TIMEOUT);

        assertThat(build.result()).isEqualTo("FAILURE");
        assertThat(build.console()).contains("Could not find credentials entry with ID '" + CarbonJenkins.LEDGER_KEY_ID
                + "'").doesNotContain("PRIVATE KEY");
    }

    @Test
    void theBuildPageSummarisesEveryBlockWithItsMlflowRun() throws Exception {
        Pipelines.Build build = exampleBuild();
        MlflowRunReader train = world.run(MODEL, "carbon-example #1 Train");
        MlflowRunReader evaluate = world.run(MODEL, "evaluate #1");

        String page = world.jenkins.get("job/carbon-example/1/").body();
        String carbonPage = world.jenkins.get("job/carbon-example/1/carbon/").body();

        double kwh = train.metrics().get("carbon/facility_energy_kwh") + evaluate.metrics().get("carbon/facility_energy_kwh");
        double kg = train.metrics().get("carbon/co2e_kg") + evaluate.metrics().get("carbon/co2e_kg");
        String totals = Figures.energyKwh(kwh) + ", " + Figures.co2e(kg) + " (2 blocks)";
        assertThat(page).contains(totals).contains("carbon-example #1 Train: ").contains("evaluate #1: ")
                .contains(world.mlflow.trackingUri() + "/#/experiments/" + train.experimentId() + "/runs/" + train.runId());
        assertThat(carbonPage).contains(totals).contains(train.runId()).contains(evaluate.runId())
                .contains("yearly-average");
        assertThat(build.result()).isEqualTo("SUCCESS");
    }

    @Test
    void theJobPageShowsTheCarbonTrendInABrowser() throws Exception {
        exampleBuild();
        MlflowRunReader train = world.run(MODEL, "carbon-example #1 Train");
        MlflowRunReader evaluate = world.run(MODEL, "evaluate #1");
        double kwh = train.metrics().get("carbon/facility_energy_kwh") + evaluate.metrics().get("carbon/facility_energy_kwh");
        double kg = train.metrics().get("carbon/co2e_kg") + evaluate.metrics().get("carbon/co2e_kg");

        try (HeadlessChrome chrome = HeadlessChrome.start()) {
            WebDriver driver = chrome.driver();
            driver.get(world.jenkins.url() + "job/carbon-example/");
            Path shots = Files.createDirectories(E2eRequirements.workDir().resolve("screenshots"));
            Files.writeString(shots.resolve("job-page.html"), driver.getPageSource());
            WebElement trend = new WebDriverWait(driver, Duration.ofSeconds(30))
                    .until(d -> d.findElements(By.cssSelector(".carbon-trend svg")).stream().findFirst().orElse(null));
            String barTitle = (String) ((JavascriptExecutor) driver)
                    .executeScript("return document.querySelector('.carbon-trend svg rect title').textContent");
            byte[] png = trend.getScreenshotAs(OutputType.BYTES);
            Files.write(shots.resolve("job-carbon-trend.png"), png);
            Files.write(shots.resolve("job-page.png"), ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

            assertThat(driver.findElement(By.cssSelector(".carbon-trend-caption")).getText())
                    .isEqualTo("Carbon (CO2e per build)");
            assertThat(barTitle).isEqualTo("#1: " + Figures.co2e(kg) + ", " + Figures.energyKwh(kwh));
            assertThat(greenPixels(png)).as("the bar is drawn (#2e7d32 pixels in the screenshot)").isGreaterThan(50);
        }
    }

    @Test
    void parallelBlocksOnOneAgentWithDifferentCudaVisibleDevicesEachReportOnlyTheirGpu() throws Exception {
        world.pipelines.create("parallel-gpus", String.join("\n",
                "node('a1') {",
                "  parallel first: {",
                "    withEnv(['CUDA_VISIBLE_DEVICES=0']) {",
                "      withCarbonTracking(experiment: 'parallel-gpus', runName: 'on GPU 0', pue: 1.0) { sh 'sleep 4' }",
                "    }",
                "  }, second: {",
                "    withEnv(['CUDA_VISIBLE_DEVICES=1']) {",
                "      withCarbonTracking(experiment: 'parallel-gpus', runName: 'on GPU 1', pue: 1.0) { sh 'sleep 4' }",
                "    }",
                "  }",
                "}"));

        Pipelines.Build build = world.pipelines.run("parallel-gpus", BUILD_TIMEOUT);

        assertThat(build.result()).as(build.console()).isEqualTo("SUCCESS");
        MlflowRunReader first = world.run("parallel-gpus", "on GPU 0");
        MlflowRunReader second = world.run("parallel-gpus", "on GPU 1");
        assertThat(gpuTags(first)).singleElement().asString().startsWith("Fake A ");
        assertThat(gpuTags(second)).singleElement().asString().startsWith("Fake B ");
        assertCarbonFigures(first, 300, 1.0, "DE");
        assertCarbonFigures(second, 150, 1.0, "DE");
    }

    @Test
    void anAbortedBodyKillsItsMlflowRunWithTheEnergyUpToTheAbort() throws Exception {
        world.pipelines.create("aborted", "node('a1') { withCarbonTracking(experiment: 'aborted', runName: 'cut short',"
                + " pue: 1.0) { sh 'sleep 300' } }");
        int number = world.pipelines.start("aborted");
        world.pipelines.awaitConsole("aborted", number, "+ sleep 300", BUILD_TIMEOUT);
        JenkinsController.sleep(3000); // let the body draw some energy before the abort

        world.jenkins.post("job/aborted/" + number + "/stop", "text/plain", "");
        Pipelines.Build build = world.pipelines.await("aborted", number, BUILD_TIMEOUT);

        assertThat(build.result()).isEqualTo("ABORTED");
        assertThat(build.console()).contains("cut short: ").contains("body aborted");
        MlflowRunReader run = world.run("aborted", "cut short");
        assertThat(run.status()).isEqualTo("KILLED");
        assertThat(run.tags()).containsEntry("carbon.outcome", "aborted").containsEntry("carbon.aborted", "true");
        assertThat(run.metrics().get("carbon/duration_s")).as("the window ran at least the 3 s before the abort")
                .isGreaterThanOrEqualTo(3.0);
        assertCarbonFigures(run, ALL_GPUS_WATTS, 1.0, "DE");
    }

    @Test
    void carbonGateRefusesAVersionOverItsBudgetAndFailsTheBuildWithTheExplanation() throws Exception {
        MlflowSeed seed = new MlflowSeed(world.mlflow.trackingUri());
        String heavyRun = seed.runWithCo2e(seed.experiment("gate-seed"), "heavy training", 5.0, Map.of());
        world.appendSignedMeasurement(heavyRun, 5.0); // as if this controller had metered that training
        seed.registeredModel("over-budget-model");
        String version = seed.version("over-budget-model", heavyRun);
        String expected = GateCheck.run(new MlflowAccess(world.mlflow.trackingUri(), CarbonJenkins.MLFLOW_USER,
                MLFLOW_PASSWORD, null), CarbonJenkins.gatePolicy(world.ledgerKey), world.gateLedger(), "over-budget-model",
                version, GateTarget.stage("Production"), false).explanation();
        world.pipelines.create("gate", "carbonGate(model: 'over-budget-model', version: '" + version
                + "', stage: 'Production', promote: true)\necho 'promoted'");

        Pipelines.Build build = world.pipelines.run("gate", BUILD_TIMEOUT);

        assertThat(build.result()).isEqualTo("FAILURE");
        assertThat(expected).contains("over-budget-model").contains("exceeds").contains("5");
        assertThat(build.console()).contains(expected).doesNotContain("\npromoted");
        assertThat(seed.stage("over-budget-model", version)).isEqualTo("None");
    }

    @Test
    void carbonIntensityReturnsTheZonesFigureWithItsProvenance() throws Exception {
        world.pipelines.create("intensity", String.join("\n",
                "def fr = carbonIntensity(zone: 'FR')",
                "def fallback = carbonIntensity()",
                "echo \"FR ${fr.zone} ${fr.gramsPerKwh} ${fr.kind} ${fr.provider}\"",
                "echo \"default ${fallback.zone} ${fallback.gramsPerKwh}\""));

        Pipelines.Build build = world.pipelines.run("intensity", BUILD_TIMEOUT);

        assertThat(build.result()).as(build.console()).isEqualTo("SUCCESS");
        assertThat(build.console()).contains("FR FR " + CarbonJenkins.tableIntensity("FR") + " yearly-average table")
                .contains("default DE " + CarbonJenkins.tableIntensity("DE"));
    }

    @Test
    void greenestZoneAndWaitForLowCarbonPlanOnTheForecastAndWaitWithoutAnExecutor() throws Exception {
        world.useElectricityMapsStandIn(true);
        try {
            world.pipelines.create("low-carbon", String.join("\n",
                    "def zone = greenestZone(candidates: ['DE', 'FR', 'SE'])",
                    "echo \"greenest: ${zone}\"",
                    "waitForLowCarbon(zone: 'DE', duration: '5m', within: '15m')",
                    "echo 'after the wait'"));
            int number = world.pipelines.start("low-carbon");
            world.pipelines.awaitConsole("low-carbon", number, "waitForLowCarbon: wait ", BUILD_TIMEOUT);
            String busy = world.jenkins.groovy("println 'busy=' + Jenkins.get().computers.sum { it.countBusy() }");
            Pipelines.Build build = world.pipelines.await("low-carbon", number, BUILD_TIMEOUT);

            assertThat(build.result()).as(build.console()).isEqualTo("SUCCESS");
            assertThat(busy).as("waiting holds no executor").contains("busy=0");
            assertThat(build.console()).contains("greenestZone: SE", "greenestZone:   1. SE (SE): 20.0 g/kWh",
                    "greenest: SE", "for DE: expected 100 g/kWh vs ",
                    "waitForLowCarbon:   figures: provider-forecast from electricitymaps",
                    "waitForLowCarbon: going on at ");
            String console = build.console();
            Instant planned = Instant.parse(between(console, "waitForLowCarbon: wait ", " for DE").replaceAll(".*until ", ""));
            Instant wentOn = Instant.parse(between(console, "waitForLowCarbon: going on at ", " (planned"));
            assertThat(wentOn).as("went on at or after the planned start").isAfterOrEqualTo(planned);
            assertThat(console.indexOf("after the wait")).isGreaterThan(console.indexOf("waitForLowCarbon: going on"));
            assertThat(world.forecasts.forecastRequests()).isPositive();
            assertThat(world.jenkins.get("job/low-carbon/" + number + "/").body()).contains("Carbon-aware wait")
                    .contains("until " + planned + " for DE: expected 100 g/kWh");
        } finally {
            world.useElectricityMapsStandIn(false);
        }
    }

    /**
     * A block after a wait records the shift as {@code carbon wait} does. The stand-in's history puts the block (after
     * the drop) at 100 g/kWh and its run-now counterfactual (the same 450 W from the decision time, 20 s before the
     * drop, the body lasting far less) at 400 g/kWh: saved = facility energy × 300 g/kWh, 75 %, exactly. The plan's
     * own expected saving is over the planned 5 minutes, so smaller (about 17 %).
     */
    @Test
    void aBlockAfterWaitForLowCarbonRecordsTheShiftAndItsSavingInMlflowAndTheLedger() throws Exception {
        world.useElectricityMapsStandIn(true);
        try {
            world.pipelines.create("shifted", String.join("\n",
                    "waitForLowCarbon(zone: 'DE', duration: '5m', within: '15m')",
                    "node('a1') { withCarbonTracking(experiment: 'shifted', runName: 'after-wait', zone: 'DE') {"
                            + " sh 'sleep 2' } }"));
            Pipelines.Build build = world.pipelines.run("shifted", BUILD_TIMEOUT);
            assertThat(build.result()).as(build.console()).isEqualTo("SUCCESS");
            String console = build.console();
            Instant planned = Instant.parse(between(console, "waitForLowCarbon: wait ", " for DE").replaceAll(".*until ", ""));
            assertThat(console).contains("withCarbonTracking: shift: saved ", "(75.0 %) against starting at ");

            MlflowRunReader run = world.run("shifted", "after-wait");
            Map<String, Double> m = run.metrics();
            double facilityKwh = m.get("carbon/facility_energy_kwh");
            assertThat(m.get("carbon/gpu_energy_kwh") * 3.6e6 / m.get("carbon/duration_s")).as("mean GPU power, W")
                    .isCloseTo(ALL_GPUS_WATTS, withinPercentage(1));
            assertThat(m.get("carbon/intensity_g_per_kwh")).isCloseTo(100.0, within(1e-9));
            assertThat(m.get("carbon/co2e_kg")).isCloseTo(facilityKwh * 0.1, within(facilityKwh * 1e-12));
            assertThat(m.get("carbon/shift_run_now_co2e_kg")).isCloseTo(facilityKwh * 0.4, within(facilityKwh * 1e-12));
            assertThat(m.get("carbon/shift_saved_kg")).isCloseTo(facilityKwh * 0.3, within(facilityKwh * 1e-12));
            Map<String, String> tags = run.tags();
            assertThat(tags).containsEntry("carbon.shift.forecast_provider", "electricitymaps")
                    .containsEntry("carbon.shift.forecast_method", "provider-forecast")
                    .doesNotContainKey("carbon.shift.notes");
            Instant decidedAt = Instant.parse(tags.get("carbon.shift.decided_at"));
            assertThat(Instant.parse(tags.get("carbon.shift.chosen_start"))).isEqualTo(planned);
            long before = Duration.between(decidedAt, planned).toSeconds();
            assertThat(before).as("the stand-in's drop after the forecast request, s").isBetween(20L, 22L);
            // The plan's run-now figure is the forecast over the planned 5 minutes from decided_at: `before` s at 400
            // g/kWh, the rest at 100; the best window is all at 100.
            double planRunNow = (before * 400.0 + (300 - before) * 100.0) / 300;
            assertThat(Double.parseDouble(tags.get("carbon.shift.expected_saving_percent")))
                    .isCloseTo((planRunNow - 100) / planRunNow * 100, within(1e-9));
            assertThat(m.get("carbon/shift_wait_s")).isCloseTo(
                    Duration.between(decidedAt, Instant.parse(tags.get("carbon.shift.started_at"))).toMillis() / 1000.0,
                    within(1e-9));
            assertThat(Instant.parse(tags.get("carbon.shift.started_at"))).isAfterOrEqualTo(planned);

            try (LedgerStore ledger = world.openLedger()) {
                List<StoredEntry> entries = ledger.find(EntryQuery.forRun(run.runId()).kind(EntryKind.MEASUREMENT));
                assertThat(entries).hasSize(1);
                assertThat(LedgerVerifier.check(ledger, entries, world.ledgerTrust())).singleElement()
                        .satisfies(verdict -> assertThat(verdict.signedBy("jenkins-e2e")).isTrue());
                com.google.gson.JsonObject shift = entries.get(0).entry().body().getAsJsonObject("shift");
                assertThat(Instant.parse(shift.get("decided_at").getAsString())).isEqualTo(decidedAt);
                assertThat(Instant.parse(shift.get("chosen_start").getAsString())).isEqualTo(planned);
                assertThat(shift.get("run_now_g_per_kwh").getAsDouble()).isCloseTo(planRunNow, within(1e-9));
                assertThat(shift.get("expected_g_per_kwh").getAsDouble()).isCloseTo(100.0, within(1e-9));
                assertThat(shift.getAsJsonObject("executed").getAsJsonObject("forecast").getAsJsonArray("points"))
                        .hasSize(37);
                com.google.gson.JsonObject outcome = shift.getAsJsonObject("outcome");
                assertThat(outcome.getAsJsonObject("run_now_intensity").get("g_per_kwh").getAsDouble()).isCloseTo(400.0, within(1e-9));
                assertThat(outcome.getAsJsonObject("realised_intensity").get("g_per_kwh").getAsDouble()).isCloseTo(100.0, within(1e-9));
                assertThat(outcome.get("saved_kg").getAsDouble()).isEqualTo(m.get("carbon/shift_saved_kg"));
                assertThat(outcome.get("saved_percent").getAsDouble()).isCloseTo(75.0, within(1e-9));
                assertThat(outcome.getAsJsonArray("notes")).isEmpty();
            }
        } finally {
            world.useElectricityMapsStandIn(false);
        }
    }

    @Test
    void theMlflowPasswordTheBodyGetsIsMaskedInTheConsoleAndNeverStoredInTheBuild() throws Exception {
        world.pipelines.create("masking", "node('a1') { withCarbonTracking(experiment: 'masking', runName: 'mask') {"
                + " sh 'echo \"password=$MLFLOW_TRACKING_PASSWORD user=$MLFLOW_TRACKING_USERNAME\";"
                + " set +x; for i in $(seq 1 1200); do [ -f release ] && break; sleep 0.1; done' } }");
        int number = world.pipelines.start("masking");
        world.pipelines.awaitConsole("masking", number, "password=", BUILD_TIMEOUT);
        Path buildDir = world.jenkins.home().resolve("jobs/masking/builds/" + number);
        List<Path> storedWhileRunning = filesContaining(buildDir, MLFLOW_PASSWORD);

        Files.writeString(world.agent.workspace("masking").resolve("release"), "");
        Pipelines.Build build = world.pipelines.await("masking", number, BUILD_TIMEOUT);

        assertThat(build.result()).as(build.console()).isEqualTo("SUCCESS");
        assertThat(build.console()).contains("password=**** user=ci-user").doesNotContain(MLFLOW_PASSWORD);
        assertThat(storedWhileRunning).as("program.dat and flow nodes of the running build").isEmpty();
        assertThat(filesContaining(buildDir, MLFLOW_PASSWORD)).isEmpty();
    }

    @Test
    void thePipelineSyntaxPageRendersEachStepsFormAndGeneratesItsSnippet() throws Exception {
        world.pipelines.create("snippets", "echo 'only here for its Pipeline Syntax page'");
        try (HeadlessChrome chrome = HeadlessChrome.start()) {
            WebDriver driver = chrome.driver();
            assertThat(snippet(driver, "withCarbonTracking", Map.of("experiment", "mnist", "zone", "FR")))
                    .startsWith("withCarbonTracking(experiment: 'mnist', zone: 'FR') {");
            assertThat(snippet(driver, "carbonGate", Map.of("model", "m", "version", "3", "stage", "Production")))
                    .isEqualTo("carbonGate model: 'm', stage: 'Production', version: '3'");
            assertThat(snippet(driver, "carbonIntensity", Map.of("zone", "DE")))
                    .isEqualTo("carbonIntensity 'DE'");
            assertThat(snippet(driver, "waitForLowCarbon", Map.of("zone", "DE", "duration", "2h", "within", "12h",
                    "maxIntensity", "200"))).startsWith("waitForLowCarbon ")
                    .contains("duration: '2h'", "within: '12h'", "zone: 'DE'", "maxIntensity: 200");
            assertThat(stepForm(driver, "greenestZone")).contains("candidates", "duration", "within");
        }
    }

    @Test
    void theGlobalConfigurationPageShowsTheSettingsAndOffersOnlyCredentialsBuildsCanUse() throws Exception {
        String page = world.jenkins.get("manage/configure").body();
        String items = world.jenkins.post("descriptorByName/io.carbonmlops.jenkins.CarbonGlobalConfiguration/"
                + "fillMlflowCredentialsIdItems", "application/x-www-form-urlencoded", "mlflowCredentialsId=").body();

        assertThat(page).contains("carbon-mlops").contains("MLflow tracking URI").contains("Gate policy (YAML)")
                .contains("value=\"" + world.mlflow.trackingUri() + "\"");
        List<String> offered = JsonParser.parseString(items).getAsJsonObject().getAsJsonArray("values").asList().stream()
                .map(JsonElement::getAsJsonObject).map(o -> o.get("value").getAsString()).toList();
        assertThat(offered).contains("mlflow-ci").doesNotContain("jenkins-internal");
        assertThat(page).contains("Ledger location").contains("Ledger signing key").contains("Gate signing key")
                .contains("value=\"" + world.ledger + "\"");
        String keys = world.jenkins.post("descriptorByName/io.carbonmlops.jenkins.CarbonGlobalConfiguration/"
                + "fillLedgerSigningKeyCredentialsIdItems", "application/x-www-form-urlencoded",
                "ledgerSigningKeyCredentialsId=").body();
        List<String> keyFiles = JsonParser.parseString(keys).getAsJsonObject().getAsJsonArray("values").asList()
                .stream().map(JsonElement::getAsJsonObject).map(o -> o.get("value").getAsString()).toList();
        assertThat(keyFiles).as("System-scoped secret files only").contains(CarbonJenkins.LEDGER_KEY_ID,
                CarbonJenkins.GATE_KEY_ID).doesNotContain("mlflow-ci", "jenkins-internal");
    }

    /** The example Pipeline at the repository root, as it is, with the scripts it calls in its agent's workspace. */
    private static synchronized Pipelines.Build exampleBuild() throws Exception {
        if (example == null) {
            String jenkinsfile = Files.readString(E2eRequirements.repoRoot().resolve("Jenkinsfile.example"));
            world.pipelines.create("carbon-example", jenkinsfile);
            Path workspace = world.agent.workspace("carbon-example");
            Files.createDirectories(workspace);
            for (String script : List.of("train.py", "register.py", "evaluate.py")) {
                try (var in = CarbonPipelineIT.class.getResourceAsStream("example/" + script)) {
                    Files.copy(in, workspace.resolve(script));
                }
            }
            example = world.pipelines.run("carbon-example", Duration.ofMinutes(6));
        }
        return example;
    }

    /** The names of the fields the Sample Step form shows for a step. */
    private List<String> stepForm(WebDriver driver, String function) {
        driver.get(world.jenkins.url() + "job/snippets/pipeline-syntax/");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        Select steps = new Select(wait.until(d -> d.findElement(By.cssSelector("select.dropdownList"))));
        steps.getOptions().stream().filter(o -> o.getText().startsWith(function + ":")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + function + " in the Sample Step list")).click();
        wait.until(d -> d.findElements(By.name("_.candidates")).stream().anyMatch(WebElement::isDisplayed));
        return driver.findElements(By.cssSelector("input[name^='_.']")).stream().filter(WebElement::isDisplayed)
                .map(e -> e.getAttribute("name").substring(2)).toList();
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("'%s' in the console", start).isNotNegative();
        int to = text.indexOf(end, from + start.length());
        return text.substring(from + start.length(), to);
    }

    private String snippet(WebDriver driver, String function, Map<String, String> fields) {
        driver.get(world.jenkins.url() + "job/snippets/pipeline-syntax/");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        Select steps = new Select(wait.until(d -> d.findElement(By.cssSelector("select.dropdownList"))));
        steps.getOptions().stream().filter(o -> o.getText().startsWith(function + ":")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + function + " in the Sample Step list")).click();
        fields.forEach((name, value) -> {
            WebElement input = wait.until(d -> d.findElements(By.name("_." + name)).stream()
                    .filter(WebElement::isDisplayed).findFirst().orElse(null));
            input.clear();
            input.sendKeys(value);
        });
        driver.findElement(By.id("generatePipelineScript")).click();
        return wait.until(d -> {
            String text = d.findElement(By.id("prototypeText")).getAttribute("value");
            return text == null || text.isBlank() ? null : text.strip();
        });
    }

    private static List<String> gpuTags(MlflowRunReader run) {
        return run.tags().entrySet().stream().filter(e -> e.getKey().startsWith("carbon.device.gpu"))
                .map(Map.Entry::getValue).toList();
    }

    private static List<Path> filesContaining(Path dir, String secret) throws Exception {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> contains(f, needle)).toList();
        }
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            outer:
            for (int i = 0; i + needle.length <= bytes.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (java.io.IOException e) {
            return false; // gone while the build ran
        }
    }

    private static int greenPixels(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (Math.abs(r - 0x2e) < 12 && Math.abs(g - 0x7d) < 12 && Math.abs(b - 0x32) < 12) {
                    count++;
                }
            }
        }
        return count;
    }
}
