package org.netlever.server.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.netlever.aaa.testing.Peers;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, headless, driven through Debian's chromedriver by Selenium, for the console's browser tests. Both
 * programs are named explicitly so that Selenium Manager never looks for (or downloads) a browser or a driver; a
 * missing one skips the test, or fails it under {@code NETLEVER_REQUIRE_PEERS=true} ({@link Peers}). Screenshots go to
 * {@code target/console-screenshots/}, and also to the directory {@code NETLEVER_SCREENSHOTS} names (a system
 * property or environment variable, relative to the repository: {@code docs/console} regenerates the README's).
 * Not thread-safe: one per test class.
 */
public final class Browser implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path ROOT = Path.of(System.getProperty("netlever.repository", "..")).toAbsolutePath();

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /**
     * Starts a headless chromium with a fresh profile under a directory.
     *
     * @param profileParent where the profile directory is made
     * @return the browser
     */
    public static Browser start(Path profileParent) {
        String chromium = Peers.require("chromium", "chromium");
        String chromedriver = Peers.require("chromedriver", "chromium-driver");
        try {
            Path profile = Files.createTempDirectory(profileParent, "chromium-profile");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--no-first-run", "--disable-extensions", "--window-size=1360,1000",
                    "--user-data-dir=" + profile);
            System.setProperty("webdriver.chrome.driver", chromedriver);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
            return new Browser(new ChromeDriver(service, options));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the driver */
    public WebDriver driver() {
        return driver;
    }

    /**
     * Waits (at most 30 s) until a condition holds, and answers its value.
     *
     * @param what what is awaited, for the failure message
     * @param condition the condition: a value, or null / false while not yet
     * @param <T> the value's type
     * @return the value
     */
    public <T> T until(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).withMessage(what).ignoring(
                org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
    }

    /**
     * Waits for an element of a {@code data-test} name to be shown.
     *
     * @param test the data-test value
     * @return the element
     */
    public WebElement shown(String test) {
        return until(test + " is shown", d -> d.findElements(test(test)).stream().filter(WebElement::isDisplayed)
                .findFirst().orElse(null));
    }

    /** @return a selector of the elements with a data-test value */
    public static By test(String test) {
        return By.cssSelector("[data-test='" + test + "']");
    }

    /**
     * The elements of a data-test value now.
     *
     * @param test the value
     * @return the elements
     */
    public List<WebElement> all(String test) {
        return driver.findElements(test(test));
    }

    /**
     * Runs a script in the page.
     *
     * @param script the script's body
     * @return what it returns
     */
    public Object script(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /**
     * Saves a screenshot as {@code target/console-screenshots/<name>.png}, and, for one the README shows, in the
     * {@code NETLEVER_SCREENSHOTS} directory too when that is set.
     *
     * @param name the file's name without {@code .png}
     * @param readme whether the README shows it
     */
    public void screenshot(String name, boolean readme) {
        // The whole page: the window grows to the document's height (within reason) for the shot.
        Dimension window = driver.manage().window().getSize();
        long height = ((Number) script("return document.documentElement.scrollHeight;")).longValue();
        driver.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(Math.max(height + 140,
                window.getHeight()), 2600)));
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        driver.manage().window().setSize(window);
        write(Path.of("target/console-screenshots"), name, png);
        String docs = System.getProperty("NETLEVER_SCREENSHOTS", System.getenv("NETLEVER_SCREENSHOTS"));
        if (readme && docs != null && !docs.isBlank()) {
            write(ROOT.resolve(docs), name, png);
        }
    }

    private static void write(Path dir, String name, byte[] png) {
        try {
            Files.write(Files.createDirectories(dir).resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
