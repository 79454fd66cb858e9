package io.herald.portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver: both named by path, so Selenium never
 * downloads a browser or a driver. One per test class, with a fresh profile; its console is checked after each
 * test for script errors and CSP violations.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "portal-screenshots");
    static final Dimension DESKTOP = new Dimension(1280, 800);

    final ChromeDriver driver;
    private final Path profile;
    private final String base;

    private Browser(String base) throws IOException {
        this.base = base;
        this.profile = Files.createTempDirectory("herald-chromium-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // GROUND.md: without the networking flags Chromium keeps trying Google's hosts
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,800", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        this.driver = new ChromeDriver(service, options);
        resize(DESKTOP);
    }

    /** Sizes the viewport, not the window: what the page gets is what a user's screen would show. */
    void resize(Dimension viewport) {
        driver.manage().window().setSize(viewport);
        long w = (Long) driver.executeScript("return window.outerWidth - window.innerWidth");
        long hgt = (Long) driver.executeScript("return window.outerHeight - window.innerHeight");
        if (w != 0 || hgt != 0) {
            driver.manage().window().setSize(new Dimension(viewport.width + (int) w, viewport.height + (int) hgt));
        }
    }

    /** A browser for the Herald at base, or the test class is skipped when Debian's packages are missing. */
    static Browser start(String base) throws IOException {
        assumeInstalled();
        return new Browser(base);
    }

    private static boolean told;

    static synchronized void assumeInstalled() {
        boolean ok = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!ok && !told) {
            told = true; // one line per run, however many browser test classes skip
            System.err.println("portal browser tests skipped: install Debian's chromium and chromium-driver "
                    + "(apt-get install -y chromium chromium-driver)");
        }
        Assumptions.assumeTrue(ok, "needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
    }

    void open(String hash) {
        driver.get(base + "/portal/" + hash);
    }

    /** The portal loaded afresh with nobody signed in: no view of an earlier test is left running. */
    void signedOut() {
        open("#/signin");
        script("sessionStorage.clear()");
        driver.navigate().refresh();
    }

    WebDriverWait waiting(Duration d) {
        return new WebDriverWait(driver, d, Duration.ofMillis(50));
    }

    WebElement await(By by) {
        return waiting(Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits until the page's main content shows the text. */
    void awaitText(String text) {
        waiting(Duration.ofSeconds(15)).until(d -> mainText().contains(text));
    }

    /** The input a visible label names, as a user finds it. */
    WebElement field(String label) {
        WebElement l = await(By.xpath("//main//label[normalize-space(text())='" + label + "']"));
        return driver.findElement(By.id(l.getAttribute("for")));
    }

    String mainText() {
        return driver.findElement(By.id("main")).getText();
    }

    Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /** Saves what the page looks like now under target/portal-screenshots. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path to = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), to, StandardCopyOption.REPLACE_EXISTING);
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Console messages since the last call: uncaught errors and CSP violations are bugs. */
    List<String> consoleProblems() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                // a refused request is the page doing its job (a wrong key, a missing API): not a script error
                .filter(m -> !m.contains("Failed to load resource"))
                .toList();
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
