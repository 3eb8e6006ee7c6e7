package io.codexlb.adapter.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codexlb.port.in.AuthenticateBearerResult;
import io.codexlb.port.in.KeyUsageResult;
import io.codexlb.port.in.ListModelsResult;
import io.codexlb.port.in.ProxyResponsesCommand;
import io.codexlb.port.in.ProxyResponsesResult;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the Responses routes tell the data plane about the client while its request is served: that
 * it went away (from the moment the request is handed over, before any outcome), whether it takes a
 * stream, and when a streaming client is due its first bytes.
 */
class ResponsesCancellationTest {

  private static final Duration KEEPALIVE = Duration.ofMillis(200);

  private final AtomicReference<ProxyResponsesCommand> served = new AtomicReference<>();
  private Vertx vertx;
  private HttpListener listener;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    ProxyApi proxy =
        new ProxyApi(
            request -> {
              served.set(request);
              return new CompletableFuture<ProxyResponsesResult>(); // upstream never answers
            },
            query -> CompletableFuture.completedFuture(new ListModelsResult.NotReady("none")),
            query -> AuthenticateBearerResult.Accepted.INSTANCE,
            ProxyApi.DEFAULT_MAX_BODY_BYTES,
            new BodyBudget(4 * ProxyApi.DEFAULT_MAX_BODY_BYTES),
            Clock.systemUTC(),
            KEEPALIVE,
            query -> new KeyUsageResult.NotReady("not served here"));
    listener = TestProxy.listen(vertx, proxy);
  }

  @AfterEach
  void stop() throws Exception {
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
    vertx.close().await(10, SECONDS);
  }

  @Test
  void aClientThatLeavesBeforeAnyOutcomeIsSignalledGone() throws Exception {
    try (RawConnection connection = new RawConnection("127.0.0.1", listener.port())) {
      connection.send(post("/v1/responses", "{\"model\":\"m\",\"input\":\"hi\",\"stream\":true}"));
      await().atMost(Duration.ofSeconds(5)).until(() -> served.get() != null);
      assertThat(served.get().streamed()).isTrue();
      assertThat(served.get().clientGone().toCompletableFuture()).isNotDone();
    }

    await()
        .atMost(Duration.ofSeconds(1))
        .until(() -> served.get().clientGone().toCompletableFuture().isDone());
  }

  @Test
  void aStreamingClientIsDueItsFirstBytesAfterAKeepAlivePeriod() throws Exception {
    try (RawConnection connection = new RawConnection("127.0.0.1", listener.port())) {
      connection.send(
          post(
              "/v1/chat/completions",
              "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                  + "\"stream\":true}"));
      await().atMost(Duration.ofSeconds(5)).until(() -> served.get() != null);

      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> served.get().firstBytesDue().toCompletableFuture().isDone());
      assertThat(served.get().clientGone().toCompletableFuture()).isNotDone();
    }
  }

  @Test
  void aClientThatWantsOneObjectIsNeverDueBytesEarly() throws Exception {
    try (RawConnection connection = new RawConnection("127.0.0.1", listener.port())) {
      connection.send(post("/v1/responses", "{\"model\":\"m\",\"input\":\"hi\"}"));
      await().atMost(Duration.ofSeconds(5)).until(() -> served.get() != null);
      assertThat(served.get().streamed()).isFalse();

      await()
          .during(KEEPALIVE.multipliedBy(3))
          .atMost(Duration.ofSeconds(5))
          .until(() -> !served.get().firstBytesDue().toCompletableFuture().isDone());
    }
  }

  private static byte[] post(String path, String body) {
    return ("POST "
            + path
            + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer sk-clb-test\r\n"
            + "Content-Type: application/json\r\nContent-Length: "
            + body.getBytes(StandardCharsets.UTF_8).length
            + "\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.UTF_8);
  }
}
