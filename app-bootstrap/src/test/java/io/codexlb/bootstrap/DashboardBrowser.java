package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's headless Chromium driven by Selenium, for the dashboard's browser tests: one per
 * test class. Where no Chromium (and its chromedriver) is installed, {@link #start} skips the test
 * with the reason, unless {@code CODEX_LB_TEST_REQUIRE_BROWSER=true} (CI) makes that a failure.
 */
final class DashboardBrowser implements AutoCloseable {

  /** Laptop and phone viewports of the screenshots. */
  static final Dimension LAPTOP = new Dimension(1366, 900);

  static final Dimension PHONE = new Dimension(390, 844);

  /** Where the Debian packages chromium and chromium-driver put them. */
  private static final List<String> BROWSERS =
      List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");

  private static final List<String> DRIVERS =
      List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

  /** A bound for a page to react (a whole poll interval of 5 s included), not a speed test. */
  private static final Duration WAIT = Duration.ofSeconds(15);

  final ChromeDriver driver;
  final WebDriverWait wait;

  private DashboardBrowser(ChromeDriver driver) {
    this.driver = driver;
    // The pages redraw their tables on every poll: an element found a moment ago may be gone.
    this.wait = new WebDriverWait(driver, WAIT);
    this.wait.ignoring(StaleElementReferenceException.class);
  }

  /** Starts Chromium, or skips (fails, when a browser is required) without one. */
  static DashboardBrowser start() {
    String browser = firstExisting(BROWSERS);
    String chromedriver = firstExisting(DRIVERS);
    if (browser == null || chromedriver == null) {
      String reason =
          "no Chromium and chromedriver installed (apt-get install chromium chromium-driver)"
              + ": the dashboard's browser tests are skipped";
      if (Boolean.parseBoolean(System.getenv("CODEX_LB_TEST_REQUIRE_BROWSER"))) {
        throw new AssertionError(reason + ", but CODEX_LB_TEST_REQUIRE_BROWSER=true");
      }
      System.err.println("SKIPPED: " + reason);
      Assumptions.abort(reason);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--window-size=" + LAPTOP.width + "," + LAPTOP.height);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of(chromedriver).toFile())
            .usingAnyFreePort()
            .build();
    return new DashboardBrowser(new ChromeDriver(service, options));
  }

  private static String firstExisting(List<String> paths) {
    return paths.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
  }

  void open(String url) {
    driver.get(url);
  }

  WebElement visible(String css) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  void click(String css) {
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
  }

  void type(String css, String text) {
    WebElement input = visible(css);
    input.clear();
    input.sendKeys(text);
  }

  /** Waits until the element's text contains {@code text}. */
  void awaitText(String css, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** Shows the page at {@code hash} and waits for its heading. */
  void page(String hash, String heading) {
    script("location.hash = arguments[0]", hash);
    awaitText("main h1", heading);
  }

  void resize(Dimension size) {
    driver.manage().window().setSize(size);
  }

  void screenshot(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(file).isNotEmptyFile();
  }

  @Override
  public void close() {
    driver.quit();
  }
}
