package io.codexlb.adapter.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.codexlb.domain.health.ReadinessReport;
import io.codexlb.port.in.CheckReadinessUseCase;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;

/**
 * Slow clients against a real listener with short limits: each phase of a request has its deadline,
 * the client learns of it (408) when it has started a request, the access log says what happened,
 * and nothing is logged above DEBUG or with a stack trace.
 */
@ExtendWith(VertxExtension.class)
class ConnectionGuardTest {

  private static final CheckReadinessUseCase READY =
      () -> CompletableFuture.completedFuture(ReadinessReport.of(Map.of()));

  private static final ConnectionLimits SHORT =
      new ConnectionLimits(Duration.ofMillis(400), Duration.ofMillis(600), Duration.ofMillis(500));

  private HttpListener listener;
  private LogCapture everything;
  private LogCapture access;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    everything = LogCapture.of(Logger.ROOT_LOGGER_NAME, Level.DEBUG);
    access = LogCapture.of(AccessLogHandler.LOGGER_NAME, Level.INFO);
    listener =
        HttpListener.start(vertx, "test", "127.0.0.1", 0, 1, SHORT, ConnectionGuardTest::router)
            .await(10, SECONDS);
  }

  @AfterEach
  void tearDown() throws Exception {
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
    access.close();
    everything.close();
  }

  /** The base router plus {@code POST /echo}, which reads a whole body and sends it back. */
  private static Router router(Vertx vertx) {
    Router router = HttpApi.baseRouter(vertx, READY);
    router
        .post("/echo")
        .handler(BodyHandler.create(false).setBodyLimit(1 << 20))
        .handler(ctx -> ctx.response().end(ctx.body().buffer()));
    return router;
  }

  @Test
  void aConnectionThatSendsNothingIsClosedAfterTheHeaderTimeout() throws Exception {
    try (RawHttp client = RawHttp.connect(listener.port())) {
      assertThat(client.closedWithin(5_000)).isTrue();
    }
    assertThat(debugLine("no request within")).isNotNull();
    assertQuiet();
  }

  @Test
  void headersSentTooSlowlyGet408AndTheConnectionClosed() throws Exception {
    try (RawHttp client = RawHttp.connect(listener.port())) {
      client.send("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
      // A byte now and then does not extend the deadline: it counts from the first byte.
      Thread.sleep(200);
      client.send("a");
      RawHttp.Response response = client.readLast();

      assertThat(response.status()).isEqualTo(408);
      assertThat(response.body()).contains("\"code\":\"request_timeout\"");
    }
    assertThat(debugLine("request headers not complete")).isNotNull();
    assertQuiet();
  }

  @Test
  void aBodySentTooSlowlyGets408TheAccessLogSays408AndTheConnectionCloses() throws Exception {
    try (RawHttp client = RawHttp.connect(listener.port())) {
      client.send(
          "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
              + "Content-Length: 100\r\n\r\nonly ten b");
      RawHttp.Response response = client.readLast();

      assertThat(response.status()).isEqualTo(408);
      assertThat(response.body()).contains("\"code\":\"request_timeout\"");
    }
    ILoggingEvent line = access.await(e -> e.getFormattedMessage().startsWith("POST /echo "));
    assertThat(line.getFormattedMessage()).startsWith("POST /echo 408 ");
    assertQuiet();
  }

  @Test
  void anIdleKeptAliveConnectionIsClosedAfterTheKeepAliveTimeout() throws Exception {
    try (RawHttp client = RawHttp.connect(listener.port())) {
      client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(client.read().status()).isEqualTo(200);
      // Kept alive: a second request on the same connection is served.
      client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(client.read().status()).isEqualTo(200);

      assertThat(client.closedWithin(5_000)).isTrue();
    }
    assertThat(debugLine("idle for")).isNotNull();
    assertQuiet();
  }

  @Test
  void aClientThatLeavesMidUploadIsLoggedAs499AtDebugWithoutAStackTrace() throws Exception {
    try (RawHttp client = RawHttp.connect(listener.port())) {
      client.send(
          "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
              + "Content-Length: 1000\r\n\r\npart of it");
      Thread.sleep(100);
    }
    ILoggingEvent line = access.await(e -> e.getFormattedMessage().startsWith("POST /echo "));
    assertThat(line.getFormattedMessage())
        .startsWith("POST /echo 499 ")
        .contains("connection closed before the response");
    assertQuiet();
  }

  @Test
  void aBodyThatArrivesInTimeIsServedAndTheConnectionKeptAlive() throws Exception {
    try (RawHttp client = RawHttp.connect(listener.port())) {
      client.send(
          "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
      Thread.sleep(100);
      client.send("0\r\n\r\n");
      RawHttp.Response response = client.read();

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("hello");
      assertThat(client.closedWithin(100)).isFalse();
    }
  }

  private ILoggingEvent debugLine(String containing) {
    return everything.await(
        e -> e.getLevel() == Level.DEBUG && e.getFormattedMessage().contains(containing));
  }

  /** Nothing above DEBUG but access lines, and no stack trace that production would print. */
  private void assertQuiet() {
    assertThat(everything.events())
        .noneMatch(LogCapture::stackTraceAsInProduction)
        .noneMatch(
            e ->
                e.getLevel().isGreaterOrEqual(Level.WARN)
                    && !e.getLoggerName().equals(AccessLogHandler.LOGGER_NAME));
  }
}
