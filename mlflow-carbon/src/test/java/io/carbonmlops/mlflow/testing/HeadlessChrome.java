package io.carbonmlops.mlflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by its chromedriver (both installed by {@code bin/setup-test-env} under
 * {@code /usr/bin}), with a throw-away profile. Without them a test is skipped locally and fails under {@code CI=true}.
 *
 * <p>Usage: {@code @BeforeAll chrome = HeadlessChrome.start();} before starting servers (so a skip costs nothing),
 * {@code @AfterAll chrome.close();}. Not thread-safe.
 */
public final class HeadlessChrome implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final Path profile;
    private final WebDriver driver;

    private HeadlessChrome(Path profile, WebDriver driver) {
        this.profile = profile;
        this.driver = driver;
    }

    public static HeadlessChrome start() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(installed, "chromium and chromedriver not installed (run bin/setup-test-env)");
        }
        if (!installed) {
            throw new IllegalStateException("CI must provide " + CHROMIUM + " and " + CHROMEDRIVER);
        }
        Path profile = Files.createTempDirectory("carbon-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        try {
            return new HeadlessChrome(profile, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            deleteRecursively(profile);
            throw e;
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Quits the browser and deletes its profile. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteRecursively(profile);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the browser profile " + dir, e);
        }
    }
}
