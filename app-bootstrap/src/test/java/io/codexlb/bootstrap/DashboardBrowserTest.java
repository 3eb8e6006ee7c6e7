package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real browser (headless Chromium) against a real server and the testkit fake
 * backend: the operator's journeys of the troubleshooting guide, in order, on one server and one
 * browser (first start, keys, request logs, accounts, an incident, screenshots, TOTP).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

  private static final String PASSWORD = "correct horse battery";
  private static final String BODY = "{\"model\":\"gpt-5.2\",\"input\":\"Say hello\"}";
  private static final Path SHOTS = Path.of("target", "dashboard-screenshots");

  @TempDir static Path dataDir;

  private static ProxyFixture fixture;
  private static DashboardBrowser browser;

  @BeforeAll
  static void start() {
    browser = DashboardBrowser.start();
    fixture = new ProxyFixture(dataDir).account("acc-1").account("acc-2").start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  /** The table row whose text holds {@code text}. */
  private static WebElement rowWith(String text) {
    return browser.wait.until(
        d ->
            d.findElements(By.cssSelector("main tbody tr")).stream()
                .filter(r -> r.getText().contains(text))
                .findFirst()
                .orElse(null));
  }

  private static void clickInRow(String text, String action) {
    browser.wait.until(
        d -> {
          WebElement button =
              rowWith(text).findElement(By.cssSelector("button[data-action='" + action + "']"));
          button.click();
          return true;
        });
  }

  private static void awaitRowText(String rowText, String text) {
    browser.wait.until(d -> rowWith(rowText).getText().contains(text));
  }

  @Test
  @Order(1)
  void firstStartSetsThePasswordAndEachLoginFailureSaysWhy() {
    browser.open(fixture.dashboardUrl());
    browser.awaitText("main h1", "Set the admin password");
    // A loopback browser needs no bootstrap token: the field stays empty.
    browser.screenshot(SHOTS.resolve("setup-light-laptop.png"));
    browser.type("input[name=password]", PASSWORD);
    browser.type("input[name=password2]", PASSWORD);
    browser.click("main button[type=submit]");

    browser.awaitText("main h1", "Log in");
    browser.type("input[name=password]", "wrong password");
    browser.click("main button[type=submit]");
    browser.awaitText("#login-error", "Wrong password");
    browser.screenshot(SHOTS.resolve("login-failed-light-laptop.png"));

    browser.type("input[name=password]", PASSWORD);
    browser.click("main button[type=submit]");
    browser.awaitText("main h1", "Overview");
    assertThat(browser.visible("#nav").getText()).contains("Accounts", "API Keys", "Settings");
  }

  @Test
  @Order(2)
  void aKeyCreatedInTheDashboardWorksThroughTheProxyAndItsLimitIsEditedAndReset() {
    browser.page("#/api-keys", "API Keys");
    browser.click("#create-key");
    browser.type("dialog input[name=name]", "ci");
    browser.click("dialog .limits-editor + button");
    browser.visible("dialog select[name=limit_window]").sendKeys("daily");
    browser.type("dialog input[name=max_value]", "100");
    browser.click("dialog button[type=submit]");

    String key = browser.visible("#new-key").getText();
    assertThat(key).startsWith("sk-clb-");
    browser.click("dialog .dialog-actions button");
    awaitRowText("ci", "0 of 100");

    assertThat(fixture.post("/v1/responses", BODY, key).statusCode()).isEqualTo(200);
    // The page polls: the count shows without a reload.
    awaitRowText("ci", "1 of 100");

    clickInRow("ci", "edit");
    browser.type("dialog input[name=max_value]", "50");
    browser.click("dialog button[type=submit]");
    awaitRowText("ci", "1 of 50");

    clickInRow("ci", "reset");
    browser.click("dialog .dialog-actions button:not(.ghost)");
    awaitRowText("ci", "0 of 50");
    browser.awaitText("#toasts", "Usage of \"ci\" reset.");
  }

  @Test
  @Order(3)
  void requestLogsAreFilteredByTheRequestIdAUserReports() {
    String key = createKeyThroughApi("logs");
    String requestId = "user-report-" + System.nanoTime();
    assertThat(
            Http.post(
                    fixture.url() + "/v1/responses",
                    BODY,
                    "Authorization",
                    "Bearer " + key,
                    "X-Request-ID",
                    requestId)
                .statusCode())
        .isEqualTo(200);
    assertThat(fixture.post("/v1/responses", BODY, key).statusCode()).isEqualTo(200);

    browser.page("#/request-logs", "Request logs");
    browser.type("input[name=request_id]", requestId);
    // Request logs reach the store in batches: filter again until the entry is there.
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              browser.click("form[role=search] button[type=submit]");
              List<WebElement> rows =
                  browser.driver.findElements(By.cssSelector("main tbody tr td code.request-id"));
              assertThat(rows).hasSize(1);
            });
    assertThat(browser.driver.getCurrentUrl()).contains("request_id=" + requestId);
  }

  @Test
  @Order(4)
  void anAccountIsPausedAndReactivated() {
    browser.page("#/accounts", "Accounts");
    awaitRowText("acc-1@example.com", "active");
    clickInRow("acc-1@example.com", "pause");
    awaitRowText("acc-1@example.com", "paused");
    browser.awaitText("#toasts", "acc-1@example.com: paused");
    assertThat(rowWith("acc-1@example.com").getText()).contains("not routed");

    clickInRow("acc-1@example.com", "reactivate");
    awaitRowText("acc-1@example.com", "routed");
    browser.wait.until(d -> !rowWith("acc-1@example.com").getText().contains("paused"));
  }

  @Test
  @Order(5)
  void accountsTurningRateLimitedShowWhileThePageIsOpenWithTheNoAvailableAccountsBanner() {
    browser.page("#/accounts", "Accounts");
    awaitRowText("acc-2@example.com", "active");
    Instant resets = Instant.now().plus(Duration.ofHours(1));
    fixture.backend.defaultAccount().rateLimited(resets);
    String key = createKeyThroughApi("incident");
    // Both accounts answer 429: the proxy marks each rate_limited and refuses the request.
    for (int i = 0; i < 2; i++) {
      fixture.post("/v1/responses", BODY, key);
    }

    awaitRowText("acc-1@example.com", "rate_limited");
    awaitRowText("acc-2@example.com", "rate_limited");
    browser.awaitText("#banner", "No available accounts");
    browser.awaitText("#banner", "The first one comes back in");
    browser.screenshot(SHOTS.resolve("accounts-incident-light-laptop.png"));

    fixture.backend.reset();
    clickInRow("acc-1@example.com", "reactivate");
    clickInRow("acc-2@example.com", "reactivate");
    awaitRowText("acc-1@example.com", "routed");
    browser.wait.until(d -> d.findElement(By.id("banner")).getAttribute("hidden") != null);
  }

  @Test
  @Order(6)
  void everyPageLightAndDarkAtLaptopAndPhoneWidth() {
    List<String[]> pages =
        List.of(
            new String[] {"#/overview", "Overview"},
            new String[] {"#/accounts", "Accounts"},
            new String[] {"#/api-keys", "API Keys"},
            new String[] {"#/request-logs", "Request logs"},
            new String[] {"#/usage", "Usage"},
            new String[] {"#/audit-log", "Audit log"},
            new String[] {"#/settings", "Settings"});
    for (String theme : List.of("light", "dark")) {
      browser.script("localStorage.setItem('codex-lb-theme', arguments[0])", theme);
      browser.open(fixture.dashboardUrl() + "/#/overview");
      browser.driver.navigate().refresh();
      browser.awaitText("main h1", "Overview");
      for (Dimension size : List.of(DashboardBrowser.LAPTOP, DashboardBrowser.PHONE)) {
        browser.resize(size);
        String width = size.equals(DashboardBrowser.PHONE) ? "phone" : "laptop";
        for (String[] page : pages) {
          browser.page(page[0], page[1]);
          // The page's first load has filled it: no table still says it is loading.
          browser.wait.until(d -> d.findElements(By.cssSelector("main .panel")).size() > 0);
          browser.wait.until(
              d ->
                  !d.findElement(By.tagName("main")).getText().contains("Loading")
                      && d.findElements(By.cssSelector("main table, main form")).size() > 0);
          String name = page[0].substring(2);
          browser.screenshot(SHOTS.resolve(name + "-" + theme + "-" + width + ".png"));
        }
      }
      browser.resize(DashboardBrowser.LAPTOP);
    }
    browser.script("localStorage.removeItem('codex-lb-theme')");
    browser.open(fixture.dashboardUrl() + "/#/overview");
    browser.driver.navigate().refresh();
    browser.awaitText("main h1", "Overview");
  }

  @Test
  @Order(7)
  void totpIsSetUpWithItsQrCodeAndTheNextLoginAsksForACode() throws Exception {
    browser.page("#/settings", "Settings");
    browser.click("#totp-start");
    String secret = browser.visible("#totp-secret").getText();
    WebElement qr = browser.visible("#totp img.qr");
    assertThat(qr.getAttribute("src")).startsWith("data:image/svg+xml;base64,");
    assertThat((Boolean) browser.script("return arguments[0].naturalWidth > 0", qr)).isTrue();
    browser.screenshot(SHOTS.resolve("settings-totp-setup-light-laptop.png"));
    long step = Instant.now().getEpochSecond() / 30;
    browser.type("#totp input[name=code]", totp(secret, step));
    browser.click("#totp button[type=submit]");
    browser.awaitText("#totp", "TOTP is on");

    browser.click("#logout");
    browser.awaitText("main h1", "Log in");
    browser.type("input[name=password]", PASSWORD);
    browser.click("main button[type=submit]");
    browser.awaitText("main h1", "Two-factor code");
    browser.type("input[name=code]", wrongCode(secret, step));
    browser.click("main button[type=submit]");
    browser.awaitText("#login-error", "That code is wrong");
    // Each code is accepted once: the next step's code, within the ±30 s window.
    browser.type("input[name=code]", totp(secret, step + 1));
    browser.click("main button[type=submit]");
    // Back where the session ended.
    browser.awaitText("main h1", "Settings");
    assertThat(browser.visible("#totp").getText()).contains("TOTP is on");
  }

  @Test
  @Order(8)
  void theAddAccountDialogIsKeyboardUsableAndEscapeClosesIt() {
    browser.page("#/accounts", "Accounts");
    WebElement add = browser.visible("#add-account");
    add.sendKeys(Keys.ENTER);
    WebElement dialog = browser.visible("dialog[open]");
    assertThat(dialog.getText()).contains("Add Account", "Browser", "Device code");
    // Focus moved into the dialog, on its first tab.
    assertThat(browser.driver.switchTo().activeElement().getText()).isEqualTo("Browser");

    browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    browser.wait.until(d -> d.findElements(By.cssSelector("dialog")).isEmpty());
    // Focus is back on the button that opened it.
    assertThat(browser.driver.switchTo().activeElement().getAttribute("id"))
        .isEqualTo("add-account");
  }

  /** A code no step near {@code step} has, so the server must refuse it. */
  private static String wrongCode(String secret, long step) throws GeneralSecurityException {
    for (int candidate = 0; ; candidate++) {
      String code = String.format(Locale.ROOT, "%06d", candidate);
      boolean valid = false;
      for (long s = step - 2; s <= step + 2; s++) {
        valid |= code.equals(totp(secret, s));
      }
      if (!valid) {
        return code;
      }
    }
  }

  /** Creates a key through the logged-in browser's own session (CSRF token included). */
  private static String createKeyThroughApi(String name) {
    Object key =
        browser.driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "fetch('/api/dashboard-auth/session').then(r => r.json()).then(s =>"
                + " fetch('/api/api-keys', {method: 'POST', headers: {'Content-Type':"
                + " 'application/json', 'X-CSRF-Token': s.csrf_token}, body:"
                + " JSON.stringify({name: arguments[0]})})).then(r => r.json()).then(k =>"
                + " done(k.key), e => done(String(e)));",
            name);
    assertThat(key).asString().startsWith("sk-clb-");
    return (String) key;
  }

  /** RFC 6238 with SHA-1, 6 digits, 30 s steps: what an authenticator app shows. */
  static String totp(String base32Secret, long step) throws GeneralSecurityException {
    byte[] key = base32(base32Secret);
    byte[] counter = new byte[8];
    for (int i = 7; i >= 0; i--) {
      counter[i] = (byte) (step >>> (8 * (7 - i)));
    }
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(key, "HmacSHA1"));
    byte[] hash = mac.doFinal(counter);
    int offset = hash[hash.length - 1] & 0x0f;
    int binary =
        ((hash[offset] & 0x7f) << 24)
            | ((hash[offset + 1] & 0xff) << 16)
            | ((hash[offset + 2] & 0xff) << 8)
            | (hash[offset + 3] & 0xff);
    return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
  }

  private static byte[] base32(String text) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    String clean = text.replace("=", "").toUpperCase(Locale.ROOT);
    byte[] out = new byte[clean.length() * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int index = 0;
    for (char c : clean.toCharArray()) {
      buffer = (buffer << 5) | alphabet.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        out[index++] = (byte) (buffer >>> (bits - 8));
        bits -= 8;
      }
    }
    return out;
  }
}
