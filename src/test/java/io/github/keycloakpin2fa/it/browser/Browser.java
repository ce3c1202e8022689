package io.github.keycloakpin2fa.it.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven by the system's chromedriver (no downloads), with waits for page
 * loads and screenshots under {@code target/screenshots/}. One per test; {@link #close()} quits it.
 */
public final class Browser implements AutoCloseable {

    private static final Duration PAGE_LOAD = Duration.ofSeconds(20);

    private final ChromeDriver driver;
    private final String baseUrl;

    public Browser(String baseUrl) {
        this(baseUrl, "en-US");
    }

    /** A browser whose user prefers {@code language} (e.g. {@code de}), as its Accept-Language says. */
    public Browser(String baseUrl, String language) {
        this.baseUrl = baseUrl;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("pin2fa.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--window-size=1280,1000", "--lang=" + language);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("pin2fa.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD);
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String path) {
        driver.get(baseUrl + path);
        awaitLoaded();
    }

    /** Clicks something that loads a new page and waits until the new page is there. */
    public void clickAndWaitForNewPage(WebElement element) {
        WebElement html = driver.findElement(By.tagName("html"));
        element.click();
        new WebDriverWait(driver, PAGE_LOAD).until(ExpectedConditions.stalenessOf(html));
        awaitLoaded();
    }

    /** Runs a script that loads a new page (e.g. a form's {@code submit()}) and waits for it. */
    public void scriptAndWaitForNewPage(String script, Object... args) {
        WebElement html = driver.findElement(By.tagName("html"));
        ((JavascriptExecutor) driver).executeScript(script, args);
        new WebDriverWait(driver, PAGE_LOAD).until(ExpectedConditions.stalenessOf(html));
        awaitLoaded();
    }

    public void reload() {
        WebElement html = driver.findElement(By.tagName("html"));
        driver.navigate().refresh();
        new WebDriverWait(driver, PAGE_LOAD).until(ExpectedConditions.stalenessOf(html));
        awaitLoaded();
    }

    public void awaitLoaded() {
        new WebDriverWait(driver, PAGE_LOAD).until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    public WebElement await(By locator) {
        return evidenceOnTimeout(() -> new WebDriverWait(driver, PAGE_LOAD).until(ExpectedConditions.visibilityOfElementLocated(locator)));
    }

    /** Runs a wait; when it times out, saves what the browser showed as {@code failure-*} files. */
    public <T> T evidenceOnTimeout(java.util.function.Supplier<T> wait) {
        try {
            return wait.get();
        } catch (org.openqa.selenium.TimeoutException e) {
            String name = "failure-" + System.currentTimeMillis();
            screenshot(name);
            try {
                Path dir = Path.of(System.getProperty("pin2fa.target.dir", "target")).resolve("screenshots");
                Files.writeString(dir.resolve(name + ".html"), driver.getPageSource());
                StringBuilder console = new StringBuilder(driver.getCurrentUrl()).append('\n');
                driver.manage().logs().get("browser").forEach(entry -> console.append(entry).append('\n'));
                Files.writeString(dir.resolve(name + ".console.txt"), console);
            } catch (IOException ignored) {
                // the screenshot is there
            }
            throw e;
        }
    }

    /** The login page's id ({@code login-pin-login} for {@code pin-login.ftl}), or null elsewhere. */
    public String loginPageId() {
        return driver.findElements(By.cssSelector("body[data-page-id]")).stream()
                .map(b -> b.getAttribute("data-page-id")).findFirst().orElse(null);
    }

    public WebElement awaitLoginPage(String template) {
        return evidenceOnTimeout(() -> new WebDriverWait(driver, PAGE_LOAD)
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("body[data-page-id='login-" + template + "']"))));
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        try {
            Path dir = Path.of(System.getProperty("pin2fa.target.dir", "target")).resolve("screenshots");
            Files.createDirectories(dir);
            Path target = dir.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
