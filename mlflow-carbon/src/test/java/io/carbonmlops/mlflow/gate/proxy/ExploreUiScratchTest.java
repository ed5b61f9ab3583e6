package io.carbonmlops.mlflow.gate.proxy;

import io.carbonmlops.mlflow.gate.MlflowSeed;
import io.carbonmlops.mlflow.gate.RegistryGate;
import io.carbonmlops.mlflow.gate.api.RestRegistryApi;
import io.carbonmlops.mlflow.gate.policy.PolicyLoader;
import io.carbonmlops.mlflow.testing.MlflowServer;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

class ExploreUiScratchTest {
    @Test
    void explore() throws Exception {
        try (MlflowServer server = MlflowServer.start()) {
            MlflowSeed seed = new MlflowSeed(server.trackingUri());
            String exp = seed.experiment("e");
            String heavy = seed.runWithCo2e(exp, "heavy", 3.0, Map.of());
            seed.registeredModel("fraud-detector");
            seed.version("fraud-detector", heavy);
            RestRegistryApi api = RestRegistryApi.create(URI.create(server.trackingUri()), Optional.empty(), Duration.ofSeconds(30));
            RegistryGate gate = new RegistryGate(api, PolicyLoader.parse(GateProxyMlflowTest.POLICY, "gate.yaml"), Clock.systemUTC());
            try (GateProxy proxy = GateProxy.start(URI.create(server.trackingUri()), new InetSocketAddress("127.0.0.1", 0), gate, api, Optional.empty(), System.err::println)) {
                ChromeOptions options = new ChromeOptions();
                options.setBinary("/usr/bin/chromium");
                options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                        "--user-data-dir=" + Files.createTempDirectory("chrome-"));
                ChromeDriverService service = new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
                ChromeDriver driver = new ChromeDriver(service, options);
                try {
                    driver.get(proxy.uri() + "/#/models/fraud-detector/versions/1");
                    Thread.sleep(8000);
                    driver.findElement(org.openqa.selenium.By.xpath("//button[.//span[text()='Try it now'] or text()='Try it now']")).click();
                    Thread.sleep(1000);
                    driver.findElement(org.openqa.selenium.By.xpath("//*[text()='Add']")).click();
                    Thread.sleep(1000);
                    org.openqa.selenium.WebElement input = driver.findElement(org.openqa.selenium.By.cssSelector("input[role=combobox]"));
                    input.sendKeys("champion");
                    Thread.sleep(500);
                    input.sendKeys(org.openqa.selenium.Keys.ENTER);
                    Thread.sleep(500);
                    driver.findElement(org.openqa.selenium.By.cssSelector("button[data-component-id='mlflow.edit-aliases-modal.save-button']")).click();
                    Thread.sleep(3000);
                    Files.writeString(Path.of("/tmp/explore/mv.html"), driver.getPageSource());
                    Files.write(Path.of("/tmp/explore/mv.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
                } finally {
                    driver.quit();
                }
            }
        }
    }
}
