package io.codexlb.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codexlb.adapter.oauth.OAuthSettings;
import io.codexlb.adapter.oauth.VertxOAuthCallbackListener;
import io.codexlb.adapter.oauth.VertxOAuthClient;
import io.codexlb.application.OAuthLoginService;
import io.codexlb.domain.account.AccountId;
import io.codexlb.port.out.InMemoryAccountRepository;
import io.codexlb.port.out.InMemoryAdminAuthRepository;
import io.codexlb.port.out.InMemoryApiKeyRepository;
import io.codexlb.port.out.InMemoryAuditLogRepository;
import io.codexlb.port.out.InMemorySettingsRepository;
import io.codexlb.port.out.ReversingSecretCipher;
import io.codexlb.testkit.oauth.FakeOAuthServer;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code accounts login}: prints what to do, waits for the login, stores the account. */
@Timeout(60)
class AccountsLoginCommandTest {

  private final InMemoryAccountRepository accounts = new InMemoryAccountRepository();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private Vertx vertx;
  private FakeOAuthServer oauth;
  private int callbackPort;
  private AdminCommands commands;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    oauth = FakeOAuthServer.start();
    oauth.account("acct-cli").withEmail("cli@example.com");
    oauth.approveLoginsAs("acct-cli");
    try (ServerSocket probe = new ServerSocket(0)) {
      callbackPort = probe.getLocalPort();
    }
    Clock clock = Clock.systemUTC();
    commands =
        TestAdminCommands.over(
            accounts,
            new InMemoryApiKeyRepository(),
            new InMemorySettingsRepository(),
            new InMemoryAdminAuthRepository(),
            new InMemoryAuditLogRepository(),
            new ReversingSecretCipher(),
            new SecureRandom(),
            clock,
            importAccount ->
                new OAuthLoginService(
                    VertxOAuthClient.create(
                        vertx,
                        OAuthSettings.defaults().withAuthBaseUrl(URI.create(oauth.baseUrl())),
                        clock),
                    new VertxOAuthCallbackListener(vertx, "127.0.0.1", callbackPort),
                    importAccount,
                    clock));
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
    oauth.close().toCompletableFuture().join();
  }

  @Test
  void deviceLoginPrintsTheCodeWaitsForApprovalAndAddsTheAccount() {
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> commands.run(new AdminCommand.Login(true), console()));

    await().until(() -> !oauth.pendingUserCodes().isEmpty());
    String userCode = oauth.pendingUserCodes().get(0);
    await().until(() -> text(out).contains(userCode));
    assertThat(text(out)).contains(oauth.verificationUrl());
    oauth.approveDevice(userCode);

    assertThat(exit.join()).isEqualTo(AdminCommands.EXIT_OK);
    assertThat(text(out)).contains("added account acct-cli (cli@example.com)");
    assertThat(accounts.find(new AccountId("acct-cli")).toCompletableFuture().join()).isPresent();
  }

  @Test
  void browserLoginPrintsTheAuthorizeUrlAndFailsOnDenial() throws Exception {
    oauth.denyLogins();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> commands.run(new AdminCommand.Login(false), console()));

    await().until(() -> text(out).contains("/oauth/authorize?"));
    String url =
        text(out)
            .lines()
            .filter(line -> line.contains("/oauth/authorize?"))
            .findFirst()
            .orElseThrow();
    java.net.http.HttpClient.newBuilder()
        .followRedirects(java.net.http.HttpClient.Redirect.NORMAL)
        .build()
        .send(
            java.net.http.HttpRequest.newBuilder(URI.create(url.strip())).build(),
            java.net.http.HttpResponse.BodyHandlers.discarding());

    assertThat(exit.join()).isEqualTo(AdminCommands.EXIT_FAILED);
    assertThat(text(err)).contains("OAuth error: access_denied");
    assertThat(accounts.findAll().toCompletableFuture().join()).isEmpty();
  }

  @Test
  void aBusyCallbackPortSuggestsTheDeviceLogin() throws Exception {
    try (ServerSocket taken =
        new ServerSocket(callbackPort, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      assertThat(commands.run(new AdminCommand.Login(false), console()))
          .isEqualTo(AdminCommands.EXIT_FAILED);
    }
    assertThat(text(err)).contains("port " + callbackPort + " is in use").contains("--device");
  }

  private Console console() {
    return new Console(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static String text(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8);
  }
}
