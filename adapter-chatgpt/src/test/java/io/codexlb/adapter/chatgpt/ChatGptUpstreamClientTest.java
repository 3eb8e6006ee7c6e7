package io.codexlb.adapter.chatgpt;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.pricing.TokenUsage;
import io.codexlb.domain.upstream.ResponseUsage;
import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.out.UpstreamCredentials;
import io.codexlb.port.out.UpstreamReply;
import io.codexlb.port.out.UpstreamRequest;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a real HTTP server speaking the backend's protocol. */
class ChatGptUpstreamClientTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final String TOKEN = "account-token-secret";
  private static final String COMPLETED =
      "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"usage\":"
          + "{\"input_tokens\":10,\"input_tokens_details\":{\"cached_tokens\":4},\"output_tokens\":5,"
          + "\"output_tokens_details\":{\"reasoning_tokens\":2}}}}\n\n";

  private static Vertx vertx;
  private static HttpServer server;
  private static volatile Handler<HttpServerRequest> backend;
  private static final Set<Object> connections = ConcurrentHashMap.newKeySet();

  private ChatGptUpstreamClient client;

  @BeforeAll
  static void startBackend() throws Exception {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  connections.add(request.connection());
                  backend.handle(request);
                })
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopBackend() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void createClient() {
    connections.clear();
    client = ChatGptUpstreamClient.create(vertx, settings(server.actualPort()), clock());
  }

  @AfterEach
  void closeClient() throws Exception {
    client.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void sendsAsTheAccountAndStreamsTheEventsWithUsageAndQuota() throws Exception {
    AtomicReference<MultiMap> received = new AtomicReference<>();
    AtomicReference<String> body = new AtomicReference<>();
    backend =
        request ->
            request
                .body()
                .onSuccess(
                    bytes -> {
                      received.set(request.headers());
                      body.set(bytes.toString());
                      HttpServerResponse response = sse(request.response());
                      response.putHeader("x-codex-primary-used-percent", "25");
                      response.putHeader("x-codex-primary-window-minutes", "300");
                      response.putHeader("x-codex-primary-reset-at", "1795000000");
                      response.putHeader("x-codex-turn-state", "turn-7");
                      // Deliberately split mid-event and mid-line.
                      response.write(": keepalive\n\nevent: response.output_text.del");
                      response.write("ta\ndata: {\"delta\":\"Hel\"}\n\nevent: response.output_");
                      response.write("text.delta\r\ndata: {\"delta\":\"lo\"}\r\n\r\n");
                      response.end(COMPLETED);
                    });

    UpstreamReply reply =
        send(
            Map.of(
                "Authorization", "Bearer sk-clb-client-key",
                "User-Agent", "codex_exec/0.169.0",
                "session-id", "s-1"),
            "{\"model\":\"gpt-5\",\"store\":true,\"temperature\":0.5,\"input\":[]}");

    assertThat(reply).isInstanceOf(UpstreamReply.Streaming.class);
    UpstreamReply.Streaming streaming = (UpstreamReply.Streaming) reply;
    assertThat(streaming.quota().flatMap(quota -> quota.primary()).orElseThrow().usedPercent())
        .isEqualTo(25.0);
    assertThat(streaming.headersForClient()).containsEntry("x-codex-turn-state", "turn-7");
    assertThat(streaming.headersForClient()).doesNotContainKey("x-codex-primary-used-percent");
    RecordingSubscriber subscriber = new RecordingSubscriber();
    streaming.events().subscribe(subscriber);
    subscriber.request(Long.MAX_VALUE);
    List<UpstreamEvent> events = subscriber.awaitAll();
    assertThat(events)
        .extracting(UpstreamEvent::type)
        .containsExactly(
            "response.output_text.delta", "response.output_text.delta", "response.completed");
    assertThat(((UpstreamEvent.Completed) events.get(2)).usage())
        .contains(new ResponseUsage(new TokenUsage(10, 4, 5), 2));
    assertThat(received.get().get("authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(received.get().get("chatgpt-account-id")).isEqualTo("acc-1");
    assertThat(received.get().get("accept")).isEqualTo("text/event-stream");
    assertThat(received.get().get("x-request-id")).isEqualTo("req-1");
    assertThat(received.get().get("session-id")).isEqualTo("s-1");
    assertThat(received.get().get("user-agent")).isEqualTo("codex_exec/0.169.0");
    assertThat(body.get())
        .contains("\"store\":false", "\"stream\":true")
        .doesNotContain("temperature");
  }

  @Test
  void aSubscriberAskingForOneEventAtATimeGetsOneAtATimeWhileUpstreamIsHeldBack() throws Exception {
    int total = 1500;
    String event =
        "event: response.output_text.delta\ndata: {\"delta\":\"" + "x".repeat(32768) + "\"}\n\n";
    CompletableFuture<Integer> stalledAfter = new CompletableFuture<>();
    backend =
        request -> writeFlowControlled(sse(request.response()), event, total, 0, stalledAfter);
    UpstreamReply.Streaming reply = (UpstreamReply.Streaming) send(Map.of(), "{}");
    RecordingSubscriber subscriber = new RecordingSubscriber();
    reply.events().subscribe(subscriber);

    subscriber.request(1);
    subscriber.awaitFirst();
    int flushed = stalledAfter.get(10, TimeUnit.SECONDS);

    assertThat(flushed)
        .as("upstream's writes stalled: the client stopped reading its socket")
        .isBetween(1, total - 1);
    assertThat(subscriber.events).hasSize(1);
    subscriber.request(1);
    subscriber.awaitCount(2);
    assertThat(subscriber.events).hasSize(2);
    subscriber.request(Long.MAX_VALUE);
    List<UpstreamEvent> events = subscriber.awaitAll();
    assertThat(events).hasSize(total + 1);
    assertThat(events.get(total)).isInstanceOf(UpstreamEvent.Completed.class);
  }

  /**
   * Writes {@code event} {@code total} times, each once the previous reached the socket, then the
   * terminal event; reports how many had been flushed when a write did not reach the socket within
   * half a second (or -1 if none ever stalled).
   */
  private static void writeFlowControlled(
      HttpServerResponse response,
      String event,
      int total,
      int flushed,
      CompletableFuture<Integer> stalledAfter) {
    if (flushed == total) {
      stalledAfter.complete(-1);
      response.end(COMPLETED);
      return;
    }
    long timer = vertx.setTimer(500, ignored -> stalledAfter.complete(flushed));
    response
        .write(event)
        .onSuccess(
            ignored -> {
              vertx.cancelTimer(timer);
              writeFlowControlled(response, event, total, flushed + 1, stalledAfter);
            });
  }

  @Test
  void cancellingTheSubscriptionClosesTheUpstreamConnection() throws Exception {
    CompletableFuture<Void> closed = backendThatStaysOpen();
    RecordingSubscriber subscriber = subscribeTo(send(Map.of(), "{}"));
    subscriber.request(1);
    subscriber.awaitFirst();

    subscriber.cancel();

    closed.get(10, TimeUnit.SECONDS);
    assertThat(closed).isDone();
    assertThat(subscriber.done).isNotDone();
  }

  @Test
  void aConnectionCutMidStreamEndsWithAnIncompleteFailure() throws Exception {
    backend =
        request -> {
          // Closed right behind the write: the event must not be lost to the cut.
          sse(request.response()).write("event: response.output_text.delta\ndata: {}\n\n");
          request.connection().close();
        };

    List<UpstreamEvent> events = streamAll(send(Map.of(), "{}"));

    assertThat(events).hasSize(2);
    assertThat(events.get(1)).isInstanceOf(UpstreamEvent.Failed.class);
    UpstreamFailure failure = ((UpstreamEvent.Failed) events.get(1)).failure();
    assertThat(failure).isInstanceOf(UpstreamFailure.Transient.class);
    assertThat(failure.code()).isEqualTo("stream_incomplete");
    assertThat(((UpstreamFailure.Transient) failure).status()).isEqualTo(200);
  }

  @Test
  void aStreamThatEndsWithoutTerminalEventEndsWithAnIncompleteFailure() throws Exception {
    backend =
        request -> sse(request.response()).end("event: response.output_text.delta\ndata: {}\n\n");

    List<UpstreamEvent> events = streamAll(send(Map.of(), "{}"));

    assertThat(events)
        .extracting(UpstreamEvent::type)
        .containsExactly("response.output_text.delta", "error");
    assertThat(((UpstreamEvent.Failed) events.get(1)).failure().code())
        .isEqualTo("stream_incomplete");
    assertThat(Json.parse(events.get(1).data())).isPresent();
  }

  @Test
  void anOverloadInsideAStreamIsATransientFailure() throws Exception {
    backend =
        request ->
            sse(request.response())
                .end(
                    "event: error\ndata: {\"type\":\"error\",\"error\":{\"code\":"
                        + "\"server_is_overloaded\",\"message\":\"busy\"}}\n\n");

    List<UpstreamEvent> events = streamAll(send(Map.of(), "{}"));

    assertThat(events).hasSize(1);
    assertThat(((UpstreamEvent.Failed) events.get(0)).failure())
        .isEqualTo(new UpstreamFailure.Transient(200, "server_is_overloaded", "busy"));
  }

  @Test
  void aRateLimitIsRefusedWithItsResetAndTheQuotaHeaders() throws Exception {
    backend =
        request ->
            request
                .response()
                .setStatusCode(429)
                .putHeader("x-codex-primary-used-percent", "100")
                .putHeader("x-codex-primary-window-minutes", "300")
                .putHeader("x-codex-primary-reset-at", "1795000000")
                .end(
                    "{\"error\":{\"type\":\"usage_limit_reached\",\"message\":\"limit reached\","
                        + "\"resets_in_seconds\":120}}");

    UpstreamReply reply = send(Map.of(), "{}");

    assertThat(reply).isInstanceOf(UpstreamReply.Refused.class);
    UpstreamReply.Refused refused = (UpstreamReply.Refused) reply;
    assertThat(refused.failure())
        .isEqualTo(
            new UpstreamFailure.RateLimited(
                "usage_limit_reached",
                "limit reached",
                Optional.of(NOW.plusSeconds(120)),
                Optional.empty()));
    assertThat(refused.quota().flatMap(quota -> quota.primary()).orElseThrow().exhausted())
        .isTrue();
  }

  @Test
  void a401IsUnauthorized() throws Exception {
    backend = request -> request.response().setStatusCode(401).end("{\"detail\":\"bad token\"}");

    UpstreamReply reply = send(Map.of(), "{}");

    assertThat(((UpstreamReply.Refused) reply).failure())
        .isEqualTo(new UpstreamFailure.Unauthorized("unauthorized", "bad token"));
  }

  @Test
  void a503IsTransient() throws Exception {
    backend = request -> request.response().setStatusCode(503).end("upstream connect error");

    UpstreamReply reply = send(Map.of(), "{}");

    UpstreamFailure failure = ((UpstreamReply.Refused) reply).failure();
    assertThat(failure).isInstanceOf(UpstreamFailure.Transient.class);
    assertThat(((UpstreamFailure.Transient) failure).status()).isEqualTo(503);
  }

  @Test
  void aRefusedConnectionIsAnUnreachableUpstreamThatNamesNoToken() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ChatGptUpstreamClient unreachable =
        ChatGptUpstreamClient.create(vertx, settings(closedPort), clock());
    try {
      UpstreamReply reply =
          unreachable.send(request(Map.of(), "{}")).toCompletableFuture().get(10, TimeUnit.SECONDS);

      UpstreamFailure failure = ((UpstreamReply.Refused) reply).failure();
      assertThat(failure).isInstanceOf(UpstreamFailure.Unreachable.class);
      assertThat(((UpstreamFailure.Unreachable) failure).cause())
          .isEqualTo(UpstreamFailure.Unreachable.Cause.REFUSED);
      assertThat(failure.code()).isEqualTo("connection_refused");
      assertThat(failure.accountEvent()).as("no account is blamed").isEmpty();
      assertThat(failure.message()).doesNotContain(TOKEN).doesNotContain("127.0.0.1");
    } finally {
      unreachable.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void anUpstreamThatNeverAnswersTimesOutIntoATransientRefusal() throws Exception {
    backend = request -> {};
    ChatGptUpstreamClient impatient = impatientClient();
    try {
      UpstreamReply reply =
          impatient.send(request(Map.of(), "{}")).toCompletableFuture().get(10, TimeUnit.SECONDS);

      assertThat(((UpstreamReply.Refused) reply).failure().code())
          .isEqualTo("upstream_unreachable");
    } finally {
      impatient.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void anUpstreamThatFallsSilentMidStreamEndsWithAnIncompleteFailure() throws Exception {
    backendThatStaysOpen();
    ChatGptUpstreamClient impatient = impatientClient();
    try {
      UpstreamReply reply =
          impatient.send(request(Map.of(), "{}")).toCompletableFuture().get(10, TimeUnit.SECONDS);

      List<UpstreamEvent> events = streamAll(reply);

      assertThat(events)
          .extracting(UpstreamEvent::type)
          .containsExactly("response.created", "error");
      assertThat(((UpstreamEvent.Failed) events.get(1)).failure().code())
          .isEqualTo("stream_incomplete");
    } finally {
      impatient.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void consecutiveRequestsReuseOneKeptAliveConnection() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    backend =
        request -> {
          requests.incrementAndGet();
          sse(request.response()).end(COMPLETED);
        };

    streamAll(send(Map.of(), "{}"));
    streamAll(send(Map.of(), "{}"));

    assertThat(requests).hasValue(2);
    assertThat(connections).hasSize(1);
  }

  @Test
  void aShortStreamSentFromAnEventLoopLosesNothing() throws Exception {
    backend = request -> sse(request.response()).end(COMPLETED);

    // As the proxy will: from its own event loop, not the connection's.
    for (int i = 0; i < 20; i++) {
      CompletableFuture<UpstreamReply> one = new CompletableFuture<>();
      vertx
          .getOrCreateContext()
          .runOnContext(
              ignored -> client.send(request(Map.of(), "{}")).whenComplete(complete(one)));
      assertThat(streamAll(one.get(10, TimeUnit.SECONDS)))
          .singleElement()
          .isInstanceOf(UpstreamEvent.Completed.class);
    }
  }

  @Test
  void aSecondSubscriberIsRefused() throws Exception {
    backend = request -> sse(request.response()).end(COMPLETED);
    UpstreamReply.Streaming reply = (UpstreamReply.Streaming) send(Map.of(), "{}");
    RecordingSubscriber first = new RecordingSubscriber();
    RecordingSubscriber second = new RecordingSubscriber();

    reply.events().subscribe(first);
    reply.events().subscribe(second);
    first.request(Long.MAX_VALUE);

    assertThat(first.awaitAll()).hasSize(1);
    assertThat(second.done).isCompletedExceptionally();
  }

  @Test
  void aRequestForNothingIsAnErrorThatCancels() throws Exception {
    CompletableFuture<Void> closed = backendThatStaysOpen();
    RecordingSubscriber subscriber = subscribeTo(send(Map.of(), "{}"));

    subscriber.request(0);

    assertThat(subscriber.done)
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(IllegalArgumentException.class);
    closed.get(10, TimeUnit.SECONDS);
    assertThat(subscriber.events).isEmpty();
  }

  private static <T> java.util.function.BiConsumer<T, Throwable> complete(
      CompletableFuture<T> future) {
    return (value, error) -> {
      if (error != null) {
        future.completeExceptionally(error);
      } else {
        future.complete(value);
      }
    };
  }

  @Test
  void postsToTheResponsesPathUnderTheBase() throws Exception {
    AtomicReference<String> path = new AtomicReference<>();
    backend =
        request -> {
          path.set(request.method() + " " + request.path());
          sse(request.response()).end(COMPLETED);
        };

    streamAll(send(Map.of(), "{}"));

    assertThat(path.get()).isEqualTo("POST /backend-api/codex/responses");
  }

  private UpstreamReply send(Map<String, String> headers, String body) throws Exception {
    return client.send(request(headers, body)).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /**
   * Makes the backend send one event and keep the stream open; the future completes when the
   * connection closes.
   */
  private static CompletableFuture<Void> backendThatStaysOpen() {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    backend =
        request -> {
          request.connection().closeHandler(ignored -> closed.complete(null));
          sse(request.response()).write("event: response.created\ndata: {}\n\n");
        };
    return closed;
  }

  private static RecordingSubscriber subscribeTo(UpstreamReply reply) {
    RecordingSubscriber subscriber = new RecordingSubscriber();
    ((UpstreamReply.Streaming) reply).events().subscribe(subscriber);
    return subscriber;
  }

  static List<UpstreamEvent> streamAll(UpstreamReply reply) throws Exception {
    RecordingSubscriber subscriber = subscribeTo(reply);
    subscriber.request(Long.MAX_VALUE);
    return subscriber.awaitAll();
  }

  private static UpstreamRequest request(Map<String, String> headers, String body) {
    Map<String, List<String>> lists = new java.util.LinkedHashMap<>();
    headers.forEach((name, value) -> lists.put(name, List.of(value)));
    return new UpstreamRequest(
        new UpstreamCredentials(TOKEN, "acc-1"),
        body.getBytes(StandardCharsets.UTF_8),
        lists,
        "req-1");
  }

  private static HttpServerResponse sse(HttpServerResponse response) {
    return response.setChunked(true).putHeader("content-type", "text/event-stream");
  }

  private static UpstreamSettings settings(int port) {
    return UpstreamSettings.defaults()
        .withBaseUrl(URI.create("http://127.0.0.1:" + port + "/backend-api"));
  }

  /** A client that gives up on a connection after 200 ms of silence. */
  private static ChatGptUpstreamClient impatientClient() {
    return ChatGptUpstreamClient.create(
        vertx,
        new UpstreamSettings(
            URI.create("http://127.0.0.1:" + server.actualPort() + "/backend-api"),
            Duration.ofSeconds(5),
            Duration.ofMillis(200),
            4,
            "1.2.3"),
        clock());
  }

  private static Clock clock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }
}
