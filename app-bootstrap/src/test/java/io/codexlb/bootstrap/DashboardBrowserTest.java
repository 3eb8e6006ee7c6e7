package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codexlb.testkit.oauth.FakeOAuthServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * browser (first start, keys, request logs, accounts, an incident, screenshots, TOTP, then the Add
 * Account dialog's logins against the testkit fake OAuth server, a deactivated account's Re-login
 * and the request-log retention setting).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

  private static final String PASSWORD = "correct horse battery";
  private static final String BODY = "{\"model\":\"gpt-5.2\",\"input\":\"Say hello\"}";
  private static final Path SHOTS = Path.of("target", "dashboard-screenshots");

  @TempDir static Path dataDir;

  private static ProxyFixture fixture;
  private static DashboardBrowser browser;
  private static FakeOAuthServer oauth;

  @BeforeAll
  static void start() throws IOException {
    browser = DashboardBrowser.start();
    oauth = FakeOAuthServer.start();
    int callbackPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      callbackPort = probe.getLocalPort();
    }
    fixture =
        new ProxyFixture(dataDir)
            .account("acc-1")
            .account("acc-2")
            .start(
                "--auth-base-url",
                oauth.baseUrl(),
                "--oauth-callback-port",
                Integer.toString(callbackPort));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (fixture != null) {
      fixture.close();
    }
    if (oauth != null) {
      oauth.close().toCompletableFuture().join();
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

  @Test
  @Order(9)
  void aBrowserLoginFromTheAddAccountDialogAddsAnActiveAccountAndAPastedUrlUpdatesIt()
      throws Exception {
    oauth.account("acct-browser").withEmail("browser@example.com");
    oauth.approveLoginsAs("acct-browser");
    browser.page("#/accounts", "Accounts");
    browser.click("#add-account");
    browser.click("dialog[open] button[data-method='browser']");
    // What the admin's browser does with the link: OpenAI's login redirects to the callback.
    HttpResponse<String> landed =
        follow(browser.visible("#oauth-authorize-url").getAttribute("href"));
    assertThat(landed.statusCode()).as("callback page: %s", landed.body()).isEqualTo(200);
    browser.awaitText("#oauth-status", "Account added: browser@example.com");
    browser.screenshot(SHOTS.resolve("accounts-oauth-added-light-laptop.png"));

    // A server on another machine: the admin pastes the URL the browser ended on instead.
    browser.click("dialog[open] button[data-method='browser']");
    browser.wait.until(d -> !"Account added: browser@example.com".equals(statusText()));
    String redirected = redirectOf(browser.visible("#oauth-authorize-url").getAttribute("href"));
    browser.type("#oauth-callback-url", redirected);
    browser.click("#oauth-submit-url");
    browser.awaitText("#oauth-status", "Account updated: browser@example.com");
    // The flow has ended: the same URL again is refused (400 invalid_oauth_state), said plainly.
    browser.click("#oauth-submit-url");
    browser.awaitText("#oauth-status", "no longer waits for a redirected URL");

    closeDialog();
    awaitRowText("browser@example.com", "active");
    assertThat(rowWith("browser@example.com").getText()).contains("acct-browser");
  }

  @Test
  @Order(10)
  void aDeviceCodeLoginShowsTheCodeAndCompletesOnceApproved() {
    oauth.account("acct-device").withEmail("device@example.com");
    oauth.approveLoginsAs("acct-device");
    browser.page("#/accounts", "Accounts");
    browser.click("#add-account");
    browser.click("dialog[open] button[data-method='device']");
    String userCode = browser.visible("#oauth-user-code").getText();
    assertThat(oauth.pendingUserCodes()).contains(userCode);
    assertThat(browser.visible("#oauth-verification-url").getText())
        .isEqualTo(oauth.verificationUrl());
    assertThat(statusText()).contains("Waiting for the login to finish");

    oauth.approveDevice(userCode);
    browser.awaitText("#oauth-status", "Account added: device@example.com");

    // When OpenAI offers no device codes the start answers a flow already failed.
    oauth.deviceAuthUnavailable();
    browser.click("dialog[open] button[data-method='device']");
    browser.awaitText("#oauth-status", "Login Failed");
    browser.awaitText("#oauth-status", "Use the \"Browser\" login.");
    assertThat(browser.driver.findElements(By.id("oauth-user-code"))).isEmpty();
    closeDialog();
    awaitRowText("device@example.com", "active");
  }

  @Test
  @Order(11)
  void anAccountWhoseLoginDiedIsDeactivatedWithItsReasonAndReLoginBringsItBack() throws Exception {
    // acc-2's refresh token is unknown to the OAuth server: the 401's renewal gets invalid_grant.
    fixture.backend.account("acc-2").unauthorized();
    String key = createKeyThroughApi("relogin");
    browser.page("#/accounts", "Accounts");
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              fixture.post("/v1/responses", BODY, key);
              return rowWith("acc-2@example.com").getText().contains("deactivated");
            });
    awaitRowText("acc-2@example.com", "invalid_grant");
    WebElement row = rowWith("acc-2@example.com");
    assertThat(row.findElements(By.cssSelector("button[data-action='relogin']"))).hasSize(1);
    assertThat(row.findElements(By.cssSelector("button[data-action='reactivate']"))).isEmpty();
    assertThat(
            rowWith("acc-1@example.com")
                .findElements(By.cssSelector("button[data-action='relogin']")))
        .isEmpty();
    browser.screenshot(SHOTS.resolve("accounts-deactivated-light-laptop.png"));

    fixture.backend.reset();
    oauth.account("acc-2").withEmail("acc-2@example.com");
    oauth.approveLoginsAs("acc-2");
    clickInRow("acc-2@example.com", "relogin");
    assertThat(browser.visible("dialog[open]").getText()).contains("Re-login acc-2@example.com");
    browser.click("dialog[open] button[data-method='browser']");
    assertThat(follow(browser.visible("#oauth-authorize-url").getAttribute("href")).statusCode())
        .isEqualTo(200);
    browser.awaitText("#oauth-status", "Account updated: acc-2@example.com");
    closeDialog();
    awaitRowText("acc-2@example.com", "routed");
    browser.wait.until(d -> !rowWith("acc-2@example.com").getText().contains("deactivated"));
  }

  @Test
  @Order(12)
  void theRequestLogRetentionIsEditedWithItsSourceShown() {
    browser.page("#/settings", "Settings");
    WebElement days = browser.visible("input[name=request_log_retention_days]");
    assertThat(days.getAttribute("value")).isEqualTo("0");
    assertThat(browser.visible("#routing-settings").getText())
        .contains("0 keeps every request log", "CODEX_LB_REQUEST_LOG_RETENTION_DAYS")
        .doesNotContain("saved here.");
    assertThat(browser.visible("main").getText()).doesNotContain("is a server setting");

    browser.type("input[name=request_log_retention_days]", "30");
    browser.click("#routing-settings button[type=submit]");
    browser.awaitText("#toasts", "Settings saved");
    browser.awaitText("#routing-settings", "In effect now: saved here.");
    assertThat(browser.visible("input[name=request_log_retention_days]").getAttribute("value"))
        .isEqualTo("30");
    Object stored =
        browser.driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "fetch('/api/settings').then(r => r.json()).then(s =>"
                + " done(s.request_log_retention_days + ' ' + s.request_log_retention_source),"
                + " e => done(String(e)));");
    assertThat(stored).isEqualTo("30 settings");
  }

  private static String statusText() {
    return browser.driver.findElement(By.id("oauth-status")).getText();
  }

  private static void closeDialog() {
    browser.click("dialog[open] .dialog-actions button.ghost");
    browser.wait.until(d -> d.findElements(By.cssSelector("dialog")).isEmpty());
  }

  /** Follows {@code url} and its redirects, as the admin's browser would. */
  private static HttpResponse<String> follow(String url) throws Exception {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build()
        .send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Where OpenAI's login redirects the browser to, without going there. */
  private static String redirectOf(String url) throws Exception {
    HttpResponse<Void> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding());
    assertThat(response.statusCode()).isEqualTo(302);
    return response.headers().firstValue("Location").orElseThrow();
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
