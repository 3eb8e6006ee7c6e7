package io.codexlb.adapter.chatgpt;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.Credits;
import io.codexlb.domain.account.UsageSnapshot;
import io.codexlb.domain.account.UsageWindow;
import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.out.UpstreamCredentials;
import io.codexlb.port.out.UsageReply;
import io.codexlb.testkit.FakeChatGptBackend;
import io.codexlb.testkit.FakeChatGptBackendOptions;
import io.codexlb.testkit.UsageAnswer;
import io.codexlb.testkit.WhamUsage;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The usage client against the testkit's fake backend ({@code GET /wham/usage} and its answers),
 * and against a bare server for the headers sent and for bodies the fake does not give.
 */
class ChatGptUsageClientTest {

  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String TOKEN = "account-token-secret";
  private static final UpstreamCredentials ACCOUNT = new UpstreamCredentials(TOKEN, "acct-1");

  private static Vertx vertx;
  private static FakeChatGptBackend backend;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    backend =
        FakeChatGptBackend.start(vertx, FakeChatGptBackendOptions.defaults().withClock(CLOCK));
  }

  @AfterAll
  static void stop() throws Exception {
    backend.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void forget() {
    backend.reset();
  }

  @Test
  void readsTheWindowsPlanAndCreditsOfTheAccount() throws Exception {
    Instant primaryReset = NOW.plus(Duration.ofMinutes(42));
    backend
        .account("acct-1")
        .usage(
            WhamUsage.used(100, 30, NOW)
                .withPrimary(new WhamUsage.Window(100, primaryReset, Duration.ofHours(5)))
                .withPlan("pro")
                .withCredits(new WhamUsage.Credits(true, false, "12.5")));

    UsageReply reply = fetch(backend.baseUrl());

    assertThat(reply).isInstanceOf(UsageReply.Fetched.class);
    UsageReply.Fetched fetched = (UsageReply.Fetched) reply;
    assertThat(fetched.planType()).contains("pro");
    assertThat(fetched.snapshot().primary())
        .contains(new UsageWindow(100, primaryReset, Duration.ofHours(5)));
    assertThat(fetched.snapshot().secondary())
        .contains(new UsageWindow(30, NOW.plus(Duration.ofDays(7)), Duration.ofDays(7)));
    assertThat(fetched.snapshot().credits()).isEqualTo(new Credits(true, false, 12.5));
    assertThat(backend.usagePolls("acct-1")).isEqualTo(1);
  }

  @Test
  void aWeeklyOnlyPlanHasItsWindowInTheSecondarySlot() {
    String body =
        "{\"plan_type\":\"free\",\"rate_limit\":{\"primary_window\":{\"used_percent\":100,"
            + "\"limit_window_seconds\":604800,\"reset_at\":"
            + NOW.plusSeconds(3600).getEpochSecond()
            + "},\"secondary_window\":null}}";

    UsageReply reply = ChatGptUsageClient.answer(200, body.getBytes(StandardCharsets.UTF_8), NOW);

    UsageSnapshot snapshot = ((UsageReply.Fetched) reply).snapshot();
    assertThat(snapshot.primary()).isEmpty();
    assertThat(snapshot.secondary())
        .contains(new UsageWindow(100, NOW.plusSeconds(3600), Duration.ofDays(7)));
    assertThat(snapshot.credits()).isEqualTo(Credits.NONE);
  }

  @Test
  void aResetGivenOnlyAsADelayCountsFromNow() {
    String body =
        "{\"rate_limit\":{\"primary_window\":{\"used_percent\":5,\"reset_after_seconds\":90}}}";

    UsageReply reply = ChatGptUsageClient.answer(200, body.getBytes(StandardCharsets.UTF_8), NOW);

    UsageReply.Fetched fetched = (UsageReply.Fetched) reply;
    assertThat(fetched.planType()).isEmpty();
    assertThat(fetched.snapshot().primary())
        .contains(new UsageWindow(5, NOW.plusSeconds(90), Duration.ofHours(5)));
  }

  @Test
  void deactivationAnswersAreDeactivated() throws Exception {
    backend.account("acct-1").usageAnswers(UsageAnswer.deactivated());
    assertThat(fetch(backend.baseUrl())).isInstanceOf(UsageReply.Deactivated.class);

    backend.account("acct-1").usageAnswers(UsageAnswer.error(404, "not_found", "No such account"));
    UsageReply.Deactivated notFound = (UsageReply.Deactivated) fetch(backend.baseUrl());
    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.failure().reloginFixes()).isFalse();

    // Upstream's 401 for a deactivated account (the original's issue #353).
    backend
        .account("acct-1")
        .usageAnswers(
            UsageAnswer.error(401, "unauthorized", "Your OpenAI account has been deactivated"));
    assertThat(fetch(backend.baseUrl())).isInstanceOf(UsageReply.Deactivated.class);

    backend
        .account("acct-1")
        .usageAnswers(UsageAnswer.error(403, "account_suspended", "suspended"));
    assertThat(((UsageReply.Deactivated) fetch(backend.baseUrl())).failure().reason())
        .isEqualTo("Account has been suspended");
  }

  @Test
  void anExpiredTokenIsUnauthorizedAndA5xxAFailure() throws Exception {
    backend.account("acct-1").rejectsToken(TOKEN);
    assertThat(fetch(backend.baseUrl())).isEqualTo(new UsageReply.Unauthorized("token_expired"));

    backend.reset();
    backend.account("acct-1").usageAnswers(UsageAnswer.error(503, "server_error", "down"));
    UsageReply reply = fetch(backend.baseUrl());
    assertThat(reply).isInstanceOf(UsageReply.Failed.class);
    assertThat(((UsageReply.Failed) reply).failure()).isInstanceOf(UpstreamFailure.Transient.class);
  }

  @Test
  void sendsTheAccountsCredentialsAndControlHeadersOnly() throws Exception {
    CompletableFuture<MultiMap> seen = new CompletableFuture<>();
    HttpServer bare =
        vertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  seen.complete(request.headers());
                  request.response().end("{\"plan_type\":\"plus\",\"rate_limit\":{}}");
                })
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    try {
      UsageReply reply = fetch("http://127.0.0.1:" + bare.actualPort() + "/backend-api");

      assertThat(reply)
          .isEqualTo(
              new UsageReply.Fetched(
                  new UsageSnapshot(Optional.empty(), Optional.empty(), Credits.NONE),
                  Optional.of("plus")));
      MultiMap headers = seen.get(10, TimeUnit.SECONDS);
      assertThat(headers.get("authorization")).isEqualTo("Bearer " + TOKEN);
      assertThat(headers.get("chatgpt-account-id")).isEqualTo("acct-1");
      assertThat(headers.get("accept")).isEqualTo("application/json");
      assertThat(headers.get("x-request-id")).isNotBlank();
      assertThat(headers.get("originator")).isNull();
    } finally {
      bare.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aRefusedConnectionIsAFailureThatNamesNoToken() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    UsageReply reply = fetch("http://127.0.0.1:" + closedPort + "/backend-api");

    UpstreamFailure failure = ((UsageReply.Failed) reply).failure();
    assertThat(failure).isInstanceOf(UpstreamFailure.Unreachable.class);
    assertThat(failure.message()).doesNotContain(TOKEN);
  }

  @Test
  void aBodyThatIsNotJsonIsAFailure() {
    UsageReply reply =
        ChatGptUsageClient.answer(200, "<html>".getBytes(StandardCharsets.UTF_8), NOW);

    assertThat(((UsageReply.Failed) reply).failure().code()).isEqualTo("invalid_usage");
  }

  private static UsageReply fetch(String baseUrl) throws Exception {
    UpstreamSettings settings =
        new UpstreamSettings(
            URI.create(baseUrl), Duration.ofSeconds(5), Duration.ofSeconds(30), 8, "0.144.0");
    ChatGptUsageClient client = ChatGptUsageClient.create(vertx, settings, CLOCK);
    try {
      return client.fetch(ACCOUNT).toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      client.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
