package io.codexlb.adapter.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codexlb.application.AuditTrail;
import io.codexlb.application.ImportAccountService;
import io.codexlb.application.OAuthLoginService;
import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountEvent;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.account.PermanentAuthFailure;
import io.codexlb.domain.account.PlanType;
import io.codexlb.domain.admin.AdminActor;
import io.codexlb.port.in.ManualCallbackResult;
import io.codexlb.port.in.OAuthFlowResult;
import io.codexlb.port.in.OAuthFlowResult.Status;
import io.codexlb.port.in.OAuthLoginUseCase;
import io.codexlb.port.in.OAuthStartResult;
import io.codexlb.port.out.AccountTokens;
import io.codexlb.port.out.InMemoryAccountRepository;
import io.codexlb.port.out.InMemoryAuditLogRepository;
import io.codexlb.port.out.MovableClock;
import io.codexlb.port.out.ReversingSecretCipher;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.testkit.oauth.FakeOAuthServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The login flows end to end: {@link OAuthLoginService} over {@link VertxOAuthClient} and {@link
 * VertxOAuthCallbackListener} against the testkit's fake OAuth server, storing into the in-memory
 * account store through {@link ImportAccountService}.
 */
@Timeout(60)
class OAuthLoginFlowTest {

  private static final AdminActor ADMIN = new AdminActor("admin", "127.0.0.1");

  private final HttpClient browser =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();
  private final HttpClient noRedirects =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final MovableClock clock = new MovableClock(Instant.now());
  private final InMemoryAccountRepository accounts = new InMemoryAccountRepository();
  private final ReversingSecretCipher cipher = new ReversingSecretCipher();
  private Vertx vertx;
  private FakeOAuthServer oauth;
  private VertxOAuthClient client;
  private int callbackPort;
  private OAuthLoginService service;

  @BeforeEach
  void start() throws IOException {
    vertx = Vertx.vertx();
    oauth = FakeOAuthServer.start();
    oauth.account("acct-1").withEmail("one@example.com").withPlan("pro");
    oauth.approveLoginsAs("acct-1");
    client =
        VertxOAuthClient.create(
            vertx, OAuthSettings.defaults().withAuthBaseUrl(URI.create(oauth.baseUrl())), clock);
    callbackPort = freePort();
    service =
        new OAuthLoginService(
            client,
            new VertxOAuthCallbackListener(vertx, "127.0.0.1", callbackPort),
            new ImportAccountService(
                accounts, cipher, new AuditTrail(new InMemoryAuditLogRepository())),
            clock);
  }

  @AfterEach
  void stop() {
    client.close().toCompletableFuture().join();
    vertx.close().toCompletionStage().toCompletableFuture().join();
    oauth.close().toCompletableFuture().join();
  }

  @Test
  void browserLoginFollowsTheRedirectToTheCallbackListenerAndAddsTheAccount() throws Exception {
    OAuthFlowResult flow = startBrowser();
    assertThat(flow.status()).isEqualTo(Status.PENDING);
    assertThat(flow.callbackListening()).contains(true);
    String redirect = "http%3A%2F%2Flocalhost%3A" + callbackPort + "%2Fauth%2Fcallback";
    assertThat(flow.authorizeUrl().orElseThrow())
        .startsWith(
            oauth.baseUrl()
                + "/oauth/authorize?response_type=code&client_id=app_EMoamEEZ73f0CkXaXp7hrann"
                + "&redirect_uri="
                + redirect
                + "&scope=openid%20profile%20email%20offline_access&code_challenge=")
        .contains("&code_challenge_method=S256&state=")
        .endsWith(
            "&id_token_add_organizations=true&codex_cli_simplified_flow=true"
                + "&originator=codex_chatgpt_desktop");

    HttpResponse<String> page = open(flow.authorizeUrl().orElseThrow());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Logged in");
    OAuthFlowResult done = service.status(flow.flowId()).orElseThrow();
    assertThat(done.status()).isEqualTo(Status.COMPLETED);
    assertThat(done.accountId()).contains("acct-1");
    assertThat(done.email()).contains("one@example.com");
    assertThat(done.created()).contains(true);
    StoredAccount stored =
        accounts.find(new AccountId("acct-1")).toCompletableFuture().join().orElseThrow();
    assertThat(stored.account().effectiveStatus(clock.instant())).isEqualTo(AccountStatus.ACTIVE);
    assertThat(stored.account().plan()).isEqualTo(PlanType.PRO);
    assertThat(oauth.codeExchanges()).isEqualTo(1);
    awaitPortFree();
  }

  @Test
  void denialFailsTheFlowWithAccessDeniedAndFreesThePort() throws Exception {
    oauth.denyLogins();
    OAuthFlowResult flow = startBrowser();

    HttpResponse<String> page = open(flow.authorizeUrl().orElseThrow());

    assertThat(page.statusCode()).isEqualTo(400);
    OAuthFlowResult failed = service.status(flow.flowId()).orElseThrow();
    assertThat(failed.status()).isEqualTo(Status.FAILED);
    assertThat(failed.errorCode()).contains("access_denied");
    assertThat(failed.errorMessage()).contains("OAuth error: access_denied");
    assertThat(accounts.findAll().toCompletableFuture().join()).isEmpty();
    awaitPortFree();
  }

  @Test
  void aCallbackWithAnotherStateIsRefusedAndEndsTheFlow() throws Exception {
    OAuthFlowResult flow = startBrowser();

    HttpResponse<String> page =
        open("http://localhost:" + callbackPort + "/auth/callback?code=forged&state=other");

    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body()).contains("Invalid OAuth callback state");
    OAuthFlowResult failed = service.status(flow.flowId()).orElseThrow();
    assertThat(failed.status()).isEqualTo(Status.FAILED);
    assertThat(failed.errorCode()).contains("invalid_state");
    assertThat(failed.errorMessage()).contains(OAuthLoginUseCase.INVALID_STATE);
    assertThat(oauth.codeExchanges()).isZero();
    awaitPortFree();
  }

  @Test
  void aPastedCallbackCompletesTheFlowOnceAndItsStateCannotBeUsedAgain() throws Exception {
    OAuthFlowResult flow = startBrowser();
    String redirected = redirectOf(flow);

    ManualCallbackResult first = join(service.manualCallback(flow.flowId(), redirected, ADMIN));

    assertThat(first).isInstanceOf(ManualCallbackResult.Handled.class);
    assertThat(((ManualCallbackResult.Handled) first).flow().status()).isEqualTo(Status.COMPLETED);
    awaitPortFree();
    ManualCallbackResult again = join(service.manualCallback(flow.flowId(), redirected, ADMIN));
    assertThat(again).isInstanceOf(ManualCallbackResult.NotPending.class);
    assertThat(oauth.codeExchanges()).isEqualTo(1);

    // The same callback on a newer flow: its state is not that flow's.
    OAuthFlowResult next = startBrowser();
    ManualCallbackResult replayed = join(service.manualCallback(next.flowId(), redirected, ADMIN));
    OAuthFlowResult refused = ((ManualCallbackResult.Handled) replayed).flow();
    assertThat(refused.status()).isEqualTo(Status.FAILED);
    assertThat(refused.errorMessage()).contains(OAuthLoginUseCase.INVALID_STATE);
    awaitPortFree();
  }

  @Test
  void aPastedUrlWithoutCodeAndStateIsNotACallback() {
    OAuthFlowResult flow = startBrowser();

    assertThat(join(service.manualCallback(flow.flowId(), "http://localhost/auth/callback", ADMIN)))
        .isInstanceOf(ManualCallbackResult.NotACallback.class);
    assertThat(join(service.manualCallback("oauth_unknown", "http://x/?code=a&state=b", ADMIN)))
        .isInstanceOf(ManualCallbackResult.UnknownFlow.class);
  }

  @Test
  void aFlowExpiresAfterFifteenMinutesAndItsListenerCloses() throws Exception {
    OAuthFlowResult flow = startBrowser();
    String redirected = redirectOf(flow);

    clock.advance(OAuthLoginUseCase.FLOW_LIFETIME);

    OAuthFlowResult expired = service.status(flow.flowId()).orElseThrow();
    assertThat(expired.status()).isEqualTo(Status.EXPIRED);
    assertThat(expired.errorCode()).contains("expired");
    awaitPortFree();
    assertThat(join(service.manualCallback(flow.flowId(), redirected, ADMIN)))
        .isInstanceOf(ManualCallbackResult.NotPending.class);
  }

  @Test
  void aBusyCallbackPortIsReportedAndLeftAlone() throws Exception {
    try (ServerSocket taken =
        new ServerSocket(callbackPort, 1, InetAddress.getByName("127.0.0.1"))) {
      OAuthStartResult result = join(service.start(OAuthLoginUseCase.Method.BROWSER, ADMIN));

      assertThat(result).isEqualTo(new OAuthStartResult.CallbackPortInUse(callbackPort));
    }
    awaitPortFree();
  }

  @Test
  void aPortReleasedWithinTheRetryWindowIsBoundInsteadOfReportedBusy() throws Exception {
    ServerSocket taken = new ServerSocket(callbackPort, 1, InetAddress.getByName("127.0.0.1"));
    var starting = service.start(OAuthLoginUseCase.Method.BROWSER, ADMIN).toCompletableFuture();
    Thread.sleep(VertxOAuthCallbackListener.BIND_RETRY_DELAY.toMillis() * 2);
    assertThat(starting).isNotDone();

    taken.close();

    assertThat(started(starting.join()).status()).isEqualTo(Status.PENDING);
  }

  @Test
  void theCallbackListenerAnswersInHttp1EvenToAClientOfferingH2c() throws Exception {
    startBrowser();

    // The JDK client's default offers an h2c upgrade on plain http; a browser never does.
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://localhost:" + callbackPort + "/auth/callback?code=x&state=y"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
  }

  @Test
  void aNewerBrowserFlowSupersedesThePendingOne() {
    OAuthFlowResult first = startBrowser();
    OAuthFlowResult second = startBrowser();

    assertThat(service.status(first.flowId()).orElseThrow().errorCode()).contains("superseded");
    assertThat(service.status(second.flowId()).orElseThrow().status()).isEqualTo(Status.PENDING);
  }

  @Test
  void deviceLoginCompletesOnceTheUserApproves() {
    oauth.account("acct-dev").withEmail("dev@example.com");
    oauth.approveLoginsAs("acct-dev");
    OAuthFlowResult flow = started(join(service.start(OAuthLoginUseCase.Method.DEVICE, ADMIN)));
    assertThat(flow.userCode()).isPresent();
    assertThat(flow.verificationUrl()).contains(oauth.verificationUrl());
    assertThat(flow.intervalSeconds()).contains(1L);

    await().until(() -> oauth.devicePolls(flow.userCode().orElseThrow()) >= 1);
    assertThat(service.status(flow.flowId()).orElseThrow().status()).isEqualTo(Status.PENDING);
    oauth.approveDevice(flow.userCode().orElseThrow());

    OAuthFlowResult done = join(service.finished(flow.flowId()));
    assertThat(done.status()).isEqualTo(Status.COMPLETED);
    assertThat(done.accountId()).contains("acct-dev");
    assertThat(done.created()).contains(true);
  }

  @Test
  void deviceLoginExpiresWithItsCode() {
    OAuthFlowResult flow = started(join(service.start(OAuthLoginUseCase.Method.DEVICE, ADMIN)));

    oauth.expireDevice(flow.userCode().orElseThrow());

    OAuthFlowResult done = join(service.finished(flow.flowId()));
    assertThat(done.status()).isEqualTo(Status.EXPIRED);
  }

  @Test
  void anUnavailableDeviceEndpointFailsTheFlowAtOnce() {
    oauth.deviceAuthUnavailable();

    OAuthFlowResult flow = started(join(service.start(OAuthLoginUseCase.Method.DEVICE, ADMIN)));

    assertThat(flow.status()).isEqualTo(Status.FAILED);
    assertThat(flow.errorCode()).contains("device_auth_unavailable");
  }

  @Test
  void loggingInAgainUpdatesAnExistingAccountAndReactivatesADeactivatedOne() throws Exception {
    Instant now = clock.instant();
    Account deactivated =
        Account.of(new AccountId("acct-1"), PlanType.PLUS)
            .on(
                new AccountEvent.TokenRefreshFailedPermanently(
                    PermanentAuthFailure.forErrorCode("account_deactivated").orElseThrow()),
                now);
    assertThat(deactivated.effectiveStatus(now)).isEqualTo(AccountStatus.DEACTIVATED);
    accounts
        .save(
            new StoredAccount(
                deactivated,
                "acct-1",
                Optional.of("one@example.com"),
                new AccountTokens(cipher.seal("a-old"), cipher.seal("r-old"), cipher.seal("i-old")),
                now.minus(Duration.ofDays(3)),
                now.minus(Duration.ofDays(30))))
        .toCompletableFuture()
        .join();
    OAuthFlowResult flow = startBrowser();

    open(flow.authorizeUrl().orElseThrow());

    OAuthFlowResult done = service.status(flow.flowId()).orElseThrow();
    assertThat(done.status()).isEqualTo(Status.COMPLETED);
    assertThat(done.created()).contains(false);
    assertThat(accounts.findAll().toCompletableFuture().join()).hasSize(1);
    StoredAccount stored =
        accounts.find(new AccountId("acct-1")).toCompletableFuture().join().orElseThrow();
    assertThat(stored.account().effectiveStatus(clock.instant())).isEqualTo(AccountStatus.ACTIVE);
    assertThat(cipher.open(stored.tokens().refreshToken())).isNotEqualTo("r-old");
    awaitPortFree();
  }

  // --- helpers ----------------------------------------------------------------------------

  private OAuthFlowResult startBrowser() {
    return started(join(service.start(OAuthLoginUseCase.Method.BROWSER, ADMIN)));
  }

  private static OAuthFlowResult started(OAuthStartResult result) {
    assertThat(result).isInstanceOf(OAuthStartResult.Started.class);
    return ((OAuthStartResult.Started) result).flow();
  }

  private HttpResponse<String> open(String url) throws Exception {
    return browser.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Where the authorize redirect points, without following it. */
  private String redirectOf(OAuthFlowResult flow) throws Exception {
    HttpResponse<String> redirect =
        noRedirects.send(
            HttpRequest.newBuilder(URI.create(flow.authorizeUrl().orElseThrow())).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(redirect.statusCode()).isEqualTo(302);
    return redirect.headers().firstValue("location").orElseThrow();
  }

  private void awaitPortFree() {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              try (ServerSocket probe =
                  new ServerSocket(callbackPort, 1, InetAddress.getByName("127.0.0.1"))) {
                return true;
              } catch (IOException stillBound) {
                return false;
              }
            });
  }

  /**
   * A free port below Linux's ephemeral range (32768 and up). Port 0 would hand out an ephemeral
   * port, which any outgoing connection on the machine may take as its local port between one flow
   * closing the listener and the next binding it again: a false "port in use" on a busy machine.
   */
  private static int freePort() throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    for (int attempt = 0; attempt < 200; attempt++) {
      int candidate = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
      try (ServerSocket probe = new ServerSocket(candidate, 1, loopback)) {
        return probe.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port between 20000 and 32000");
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
