package io.carbonmlops.mlflow.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.mlflow.gate.MlflowSeed;
import io.carbonmlops.mlflow.testing.HeadlessChrome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The MLflow UI opened through the gate: setting the {@code champion} alias (the promotion path of MLflow 3's model
 * registry UI, which posts to {@code /ajax-api/2.0/mlflow/registered-models/alias}) is refused with the gate's
 * explanation for a version over budget and succeeds for one within budget; the same through the deprecated stage
 * menu of the classic registry UI (the "New model registry UI" switch off), which posts to
 * {@code …/model-versions/transition-stage} and shows the refusal as a notification.
 */
@Timeout(300)
class GateBrowserTest {
    static HeadlessChrome chrome;
    static GatedMlflow mlflow;
    static MlflowSeed seed;
    static GateProxy proxy;
    static WebDriver driver;
    static String heavyVersion;
    static String lightVersion;

    @BeforeAll
    static void start() throws Exception {
        chrome = HeadlessChrome.start();
        driver = chrome.driver();
        mlflow = GatedMlflow.start("gate-ui", line -> { });
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
        if (chrome != null) {
            chrome.close();
        }
    }

    @Test
    void theUiShowsTheRefusalThenPromotesAVersionWithinBudget() {
        setAliasInUi(heavyVersion, "champion");
        WebElement refusal = waitFor().until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//*[contains(text(), 'Carbon gate refused')]")));

        assertThat(refusal.getText()).contains("'fraud-detector' version " + heavyVersion + " to alias champion",
                "3 kg CO2e (budget 1 kg) exceeds the budget");
        assertThat(seed.aliases("fraud-detector", heavyVersion)).isEmpty();

        setAliasInUi(lightVersion, "champion");
        waitFor().until(ExpectedConditions.invisibilityOfElementLocated(saveButton()));
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(
                By.xpath("//*[@data-testid='descriptions-item'][.//*[text()='Aliases']]"), "champion"));

        assertThat(seed.aliases("fraud-detector", lightVersion).toString()).contains("champion");
        assertThat(seed.versionTags("fraud-detector", lightVersion)).containsEntry("carbon.gate.decision", "allowed");
    }

    @Test
    void theDeprecatedStageMenuShowsTheRefusalThenTransitionsAVersionWithinBudget() {
        transitionInUi(heavyVersion, "Production");
        WebElement refusal = waitFor().until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//*[contains(text(), 'Carbon gate refused')]")));

        assertThat(refusal.getText()).contains("PERMISSION_DENIED", "version " + heavyVersion + " to stage Production",
                "exceeds the budget");
        assertThat(seed.stage("fraud-detector", heavyVersion)).isEqualTo("None");

        transitionInUi(lightVersion, "Production");
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".mlflow-stage-transition-dropdown"), "Production"));

        assertThat(seed.stage("fraud-detector", lightVersion)).isEqualTo("Production");
        assertThat(seed.versionTags("fraud-detector", lightVersion))
                .containsEntry("carbon.gate.target", "stage Production");
    }

    /** With the classic registry UI: open the stage menu, pick "Transition to STAGE", confirm. */
    private static void transitionInUi(String version, String stage) {
        openVersionPage(version, false);
        clickWhenFree(By.cssSelector(".mlflow-stage-transition-dropdown"));
        clickWhenFree(By.cssSelector("li[data-menu-id$='transition-to-" + stage + "']"));
        clickWhenFree(By.xpath("//button[.//*[text()='OK']]"));
    }

    private static void clickVisible(List<WebElement> elements) {
        elements.stream().filter(WebElement::isDisplayed).forEach(WebElement::click);
    }

    /** Clicks once nothing (such as the first-visit intro, which appears at its own pace) covers the element. */
    private static void clickWhenFree(By element) {
        waitFor().ignoring(ElementClickInterceptedException.class).ignoring(ElementNotInteractableException.class)
                .until(page -> {
                    closeIntro(page);
                    page.findElement(element).click();
                    return true;
                });
    }

    /** Closes the "new Model Registry UI" intro shown on a first visit, leaving the UI setting as it is. */
    private static void closeIntro(WebDriver page) {
        clickVisible(page.findElements(By.xpath("//*[contains(text(), 'Flexible, governed')]"
                + "/ancestor::div[contains(@class, 'modal-content')][1]//button[@aria-label='Close']")));
    }

    /**
     * Opens a version page with MLflow 3's "New model registry UI" (aliases) on or off, dismissing the first-visit
     * intro and the switch's confirmation dialog whenever they cover the page.
     */
    private static void openVersionPage(String version, boolean newRegistryUi) {
        driver.get(proxy.uri() + "/#/models/fraud-detector/versions/" + version);
        waitFor().ignoring(ElementClickInterceptedException.class).ignoring(ElementNotInteractableException.class)
                .until(page -> {
                    closeIntro(page);
                    clickVisible(page.findElements(By.xpath("//button[.//*[text()='Disable']]")));
                    WebElement toggle = page.findElement(By.cssSelector("button[role=switch]"));
                    if (Boolean.parseBoolean(toggle.getAttribute("aria-checked")) != newRegistryUi) {
                        toggle.click();
                        return false;
                    }
                    return page.findElements(By.xpath("//*[contains(@class, 'modal-wrap')"
                            + " and not(contains(@style, 'none'))]")).isEmpty();
                });
    }

    /** With the new registry UI: open the alias editor, add the alias, save. */
    private static void setAliasInUi(String version, String alias) {
        openVersionPage(version, true);
        clickWhenFree(By.cssSelector("button[title='Add aliases']"));
        WebElement input = waitFor().until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("input[role=combobox]")));
        input.sendKeys(alias);
        input.sendKeys(Keys.ENTER);
        clickWhenFree(saveButton());
    }

    private static By saveButton() {
        return By.cssSelector("button[data-component-id='mlflow.edit-aliases-modal.save-button']");
    }

    private static WebDriverWait waitFor() {
        return new WebDriverWait(driver, Duration.ofSeconds(60));
    }

}
