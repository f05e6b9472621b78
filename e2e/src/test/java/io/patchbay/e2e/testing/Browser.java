package io.patchbay.e2e.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium from Debian's {@code chromium} package, driven through Debian's {@code chromium-driver}: no
 * browser or driver is downloaded (Selenium Manager is never asked). It accepts the server's self-signed certificate,
 * in this test browser only. Missing packages fail the test with the command that installs them.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Waits for the page's own updates (it polls every 2 s; a swap on a shared machine takes longer). */
    public static final Duration PAGE_UPDATE = Duration.ofSeconds(60);

    private final ChromeDriver driver;
    private final Path screenshots;
    private final Supplier<String> diagnostics;

    private Browser(ChromeDriver driver, Path screenshots, Supplier<String> diagnostics) {
        this.driver = driver;
        this.screenshots = screenshots;
        this.diagnostics = diagnostics;
    }

    /** Starts the browser with a fresh profile under {@code work}; screenshots go to target/screenshots. */
    public static Browser start(Path work, Supplier<String> diagnostics) {
        for (Path needed : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(needed)) {
                throw new AssertionError(needed + " is missing: the dashboard's browser tests need Debian's chromium"
                        + " and chromium-driver packages (apt-get install chromium chromium-driver; .ci/run installs"
                        + " them)");
            }
        }
        try {
            Path profile = Files.createDirectories(work.resolve("chromium-profile"));
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
            // the server's certificate is self-signed and pinned by agents; this test browser only takes it as is
            options.setAcceptInsecureCerts(true);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                    .withLogFile(work.resolve("chromedriver.log").toFile()).build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            Path screenshots = Files.createDirectories(work.getParent().getParent().resolve("screenshots"));
            return new Browser(driver, screenshots, diagnostics);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(URI uri) {
        driver.get(uri.toString());
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Runs an async script: its last argument is the callback to call with the result. */
    public Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    /** Waits (bounded) for {@code condition} on the live page; the failure names the page's status line. */
    public void await(String what, Duration timeout, java.util.concurrent.Callable<Boolean> condition) {
        Await.until(what, timeout, condition, () -> "status line: " + text("#status-line") + "; live: "
                + text("#live") + "\n" + diagnostics.get());
    }

    public String text(String css) {
        List<WebElement> found = all(css);
        return found.isEmpty() ? "(none)" : found.get(0).getText();
    }

    /** Saves a PNG of the viewport as target/screenshots/NAME.png. */
    public Path screenshot(String name) {
        try {
            Path file = screenshots.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
