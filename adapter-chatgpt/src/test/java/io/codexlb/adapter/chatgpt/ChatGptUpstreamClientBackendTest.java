package io.codexlb.adapter.chatgpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codexlb.domain.account.UsageSnapshot;
import io.codexlb.domain.pricing.TokenUsage;
import io.codexlb.domain.upstream.ResponseUsage;
import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.out.UpstreamCredentials;
import io.codexlb.port.out.UpstreamReply;
import io.codexlb.port.out.UpstreamRequest;
import io.codexlb.testkit.FakeChatGptBackend;
import io.codexlb.testkit.Quota;
import io.codexlb.testkit.RecordedRequest;
import io.codexlb.testkit.Script;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against the testkit's fake ChatGPT backend: the protocol as the rest of us test it.
 */
class ChatGptUpstreamClientBackendTest {

  private static final String TOKEN = "account-token-secret";

  private static Vertx vertx;
  private static FakeChatGptBackend backend;
  private static ChatGptUpstreamClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    backend = FakeChatGptBackend.start(vertx);
    client =
        ChatGptUpstreamClient.create(vertx, settings(Duration.ofSeconds(30)), Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws Exception {
    client.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    backend.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void forgetScripts() {
    backend.reset();
  }

  @Test
  void cancellingASendWhoseHeadersHaveNotComeResetsItAndTheBackendSeesTheConnectionClose() {
    backend
        .account("acct-hang")
        .respondsWith(Script.text("late").firstByteAfter(Duration.ofMinutes(5)));
    CompletableFuture<UpstreamReply> reply =
        client.send(request("acct-hang", Map.of(), "{\"model\":\"m\"}")).toCompletableFuture();
    await().atMost(Duration.ofSeconds(5)).until(() -> backend.openExchanges() == 1);

    assertThat(reply.cancel(false)).isTrue();

    await().atMost(Duration.ofSeconds(1)).until(() -> backend.openExchanges() == 0);
    assertThat(reply).isCancelled();
  }

  @Test
  void aSendCancelledBeforeItStartedIsNeverAnswered() throws Exception {
    CompletableFuture<UpstreamReply> reply =
        client.send(request("acct-1", Map.of(), "{\"model\":\"m\"}")).toCompletableFuture();
    reply.cancel(false);

    // A request sent after it is answered as usual: the client is still whole.
    UpstreamReply next = send("acct-1", Map.of(), "{\"model\":\"m\"}");
    assertThat(next).isInstanceOf(UpstreamReply.Streaming.class);
    RecordingSubscriber events = new RecordingSubscriber();
    ((UpstreamReply.Streaming) next).events().subscribe(events);
    events.request(Long.MAX_VALUE);
    events.done.get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> backend.openExchanges() == 0);
  }

  @Test
  void aScriptedAnswerArrivesWithItsTextUsageAndQuota() throws Exception {
    backend
        .account("acct-1")
        .respondsWith(
            Script.text("Hello world")
                .inDeltas(5)
                .usage(new io.codexlb.testkit.ScriptedUsage(12, 2, 5, 1))
                .quota(Quota.used(42, 7)));

    UpstreamReply reply =
        send(
            "acct-1",
            Map.of("Authorization", "Bearer sk-clb-client", "session_id", "s-1"),
            "{\"model\":\"gpt-5.1-codex\",\"store\":true,\"top_p\":1,\"input\":[]}");

    UpstreamReply.Streaming streaming = (UpstreamReply.Streaming) reply;
    UsageSnapshot quota = streaming.quota().orElseThrow();
    assertThat(quota.primary().orElseThrow().usedPercent()).isEqualTo(42.0);
    assertThat(quota.secondary().orElseThrow().usedPercent()).isEqualTo(7.0);
    List<UpstreamEvent> events = ChatGptUpstreamClientTest.streamAll(reply);
    assertThat(text(events)).isEqualTo("Hello world");
    assertThat(events).filteredOn(UpstreamEvent.RateLimits.class::isInstance).hasSize(1);
    assertThat(events.get(events.size() - 1))
        .isInstanceOfSatisfying(
            UpstreamEvent.Completed.class,
            completed ->
                assertThat(completed.usage())
                    .contains(new ResponseUsage(new TokenUsage(12, 2, 5), 1)));
    RecordedRequest received = backend.requestsFor("acct-1").get(0);
    assertThat(received.path()).isEqualTo("/backend-api/codex/responses");
    assertThat(received.header("authorization")).contains("Bearer " + TOKEN);
    assertThat(received.header("session_id")).contains("s-1");
    assertThat(received.header("originator")).contains("codex_cli_rs");
    JsonObject body = received.json();
    assertThat(body.getBoolean("store")).isFalse();
    assertThat(body.getBoolean("stream")).isTrue();
    assertThat(body.containsKey("top_p")).isFalse();
  }

  @Test
  void aUsageLimitIsARateLimitUntilItsReset() throws Exception {
    Instant resetsAt = wholeSecondsAhead(Duration.ofMinutes(30));
    backend.account("acct-2").rateLimited(resetsAt);

    UpstreamReply.Refused refused = refusal("acct-2");

    assertThat(refused.failure())
        .isInstanceOfSatisfying(
            UpstreamFailure.RateLimited.class,
            limited -> assertThat(limited.resetAt()).contains(resetsAt));
    assertThat(refused.quota().flatMap(UsageSnapshot::primary).orElseThrow().exhausted()).isTrue();
  }

  @Test
  void anExhaustedQuotaIsQuotaExceeded() throws Exception {
    Instant resetsAt = wholeSecondsAhead(Duration.ofDays(2));
    backend.account("acct-3").quotaExceeded(resetsAt);

    assertThat(refusal("acct-3").failure())
        .isEqualTo(
            new UpstreamFailure.QuotaExceeded(
                "insufficient_quota",
                "You have exceeded your usage quota",
                java.util.Optional.of(resetsAt)));
  }

  @Test
  void anExpiredTokenIsUnauthorized() throws Exception {
    backend.account("acct-4").unauthorized();

    UpstreamFailure failure = refusal("acct-4").failure();

    assertThat(failure).isInstanceOf(UpstreamFailure.Unauthorized.class);
    assertThat(failure.code()).isEqualTo("token_expired");
  }

  @Test
  void aServerErrorIsTransientAndTheNextScriptServes() throws Exception {
    backend.account("acct-5").once(Script.failure(503)).respondsWith(Script.text("ok"));

    UpstreamReply first = send("acct-5", Map.of(), "{}");
    UpstreamReply second = send("acct-5", Map.of(), "{}");

    assertThat(((UpstreamReply.Refused) first).failure())
        .isEqualTo(
            new UpstreamFailure.Transient(
                503, "server_error", "The server had an error while processing your request."));
    assertThat(text(ChatGptUpstreamClientTest.streamAll(second))).isEqualTo("ok");
  }

  @Test
  void aCutAfterSomeDeltasEndsWithAnIncompleteFailure() throws Exception {
    backend
        .account("acct-6")
        .respondsWith(Script.text("one two three four").inDeltas(4).cutAfter(2));

    List<UpstreamEvent> events =
        ChatGptUpstreamClientTest.streamAll(send("acct-6", Map.of(), "{}"));

    assertThat(events).filteredOn(event -> event.type().equals(EventMapper.TEXT_DELTA)).hasSize(2);
    assertThat(events.get(events.size() - 1))
        .isInstanceOfSatisfying(
            UpstreamEvent.Failed.class,
            failed -> assertThat(failed.failure().code()).isEqualTo("stream_incomplete"));
  }

  @Test
  void anOverloadInsideTheStreamIsTransient() throws Exception {
    backend.account("acct-7").overloaded();

    List<UpstreamEvent> events =
        ChatGptUpstreamClientTest.streamAll(send("acct-7", Map.of(), "{}"));

    assertThat(events.get(events.size() - 1))
        .isInstanceOfSatisfying(
            UpstreamEvent.Failed.class,
            failed -> {
              assertThat(failed.failure()).isInstanceOf(UpstreamFailure.Transient.class);
              assertThat(failed.failure().code()).isEqualTo("server_is_overloaded");
            });
  }

  @Test
  void aFirstByteSlowerThanTheIdleTimeoutIsATransientRefusal() throws Exception {
    backend.account("acct-8").slowFirstByte(Duration.ofSeconds(2));
    ChatGptUpstreamClient impatient =
        ChatGptUpstreamClient.create(vertx, settings(Duration.ofMillis(200)), Clock.systemUTC());
    try {
      UpstreamReply reply =
          impatient
              .send(request("acct-8", Map.of(), "{}"))
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);

      assertThat(((UpstreamReply.Refused) reply).failure().code())
          .isEqualTo("upstream_unreachable");
    } finally {
      impatient.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** A reset time as upstream sends it: epoch seconds. */
  private static Instant wholeSecondsAhead(Duration ahead) {
    return Instant.now().plus(ahead).truncatedTo(ChronoUnit.SECONDS);
  }

  private static UpstreamReply.Refused refusal(String account) throws Exception {
    return (UpstreamReply.Refused) send(account, Map.of(), "{}");
  }

  private static String text(List<UpstreamEvent> events) {
    return events.stream()
        .filter(event -> event.type().equals(EventMapper.TEXT_DELTA))
        .map(event -> new JsonObject(event.data()).getString("delta"))
        .collect(Collectors.joining());
  }

  private static UpstreamReply send(String account, Map<String, String> headers, String body)
      throws Exception {
    return client
        .send(request(account, headers, body))
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private static UpstreamRequest request(String account, Map<String, String> headers, String body) {
    Map<String, List<String>> lists = new java.util.LinkedHashMap<>();
    headers.forEach((name, value) -> lists.put(name, List.of(value)));
    return new UpstreamRequest(
        new UpstreamCredentials(TOKEN, account),
        body.getBytes(StandardCharsets.UTF_8),
        lists,
        "req-1");
  }

  private static UpstreamSettings settings(Duration idleTimeout) {
    return new UpstreamSettings(
        URI.create(backend.baseUrl()), Duration.ofSeconds(5), idleTimeout, 8, "0.144.0");
  }
}
