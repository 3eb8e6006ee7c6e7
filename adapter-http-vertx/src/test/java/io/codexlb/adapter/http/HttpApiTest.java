package io.codexlb.adapter.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.codexlb.adapter.http.admin.AdminRouter;
import io.codexlb.application.CheckReadinessService;
import io.codexlb.domain.health.CheckResult;
import io.codexlb.domain.health.ReadinessReport;
import io.codexlb.port.in.CheckReadinessUseCase;
import io.codexlb.port.out.FakeReadinessProbe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.MDC;

@ExtendWith(VertxExtension.class)
class HttpApiTest {

  private static final String HOST = "127.0.0.1";

  private final AtomicReference<CheckReadinessUseCase> readiness =
      new AtomicReference<>(() -> CompletableFuture.completedFuture(ReadinessReport.of(Map.of())));

  private Vertx vertx;
  private WebClient client;
  private HttpListener listener;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    client = WebClient.create(vertx);
    listener =
        HttpListener.start(
                vertx, "test", HOST, 0, 1, v -> testRouter(HttpApi.baseRouter(v, useCase())))
            .await(10, SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
  }

  static Stream<Arguments> productionRouters() {
    return Stream.of(
        Arguments.of(
            "proxy",
            (BiFunction<Vertx, CheckReadinessUseCase, Router>)
                (v, r) -> HttpApi.proxyRouter(v, r, TestProxy.notReady())),
        Arguments.of(
            "admin",
            (BiFunction<Vertx, CheckReadinessUseCase, Router>)
                (v, r) -> AdminRouter.create(v, r, TestAdminApi.EMPTY)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("productionRouters")
  void bothRoutersAnswerHealthWithExactlyStatusOk(
      String name, BiFunction<Vertx, CheckReadinessUseCase, Router> router) throws Exception {
    HttpListener production =
        HttpListener.start(vertx, name, HOST, 0, 1, v -> router.apply(v, useCase()))
            .await(10, SECONDS);
    try {
      HttpResponse<Buffer> response = get(production, "/health");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
      assertThat(response.bodyAsString()).isEqualTo("{\"status\":\"ok\"}");
      assertThat(response.getHeader("X-Request-ID")).isNotBlank();
    } finally {
      production.shutdown(Duration.ZERO).await(10, SECONDS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("productionRouters")
  void bothRoutersAnswerReadinessAndEnvelopeUnknownRoutes(
      String name, BiFunction<Vertx, CheckReadinessUseCase, Router> router) throws Exception {
    givenReport(Map.of("store", CheckResult.fail("down")));
    HttpListener production =
        HttpListener.start(vertx, name, HOST, 0, 1, v -> router.apply(v, useCase()))
            .await(10, SECONDS);
    try {
      assertThat(get(production, "/health/ready").statusCode()).isEqualTo(503);
      assertThat(
              get(production, "/nope").bodyAsJsonObject().getJsonObject("error").getString("code"))
          .isEqualTo("not_found");
    } finally {
      production.shutdown(Duration.ZERO).await(10, SECONDS);
    }
  }

  @Test
  void readyIs200WhenEveryCheckPassed() throws Exception {
    givenReport(Map.of("store", CheckResult.pass(), "upstream", CheckResult.pass()));

    HttpResponse<Buffer> response = get("/health/ready");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.bodyAsString())
        .isEqualTo(
            "{\"status\":\"ok\",\"checks\":{\"store\":{\"status\":\"ok\"},"
                + "\"upstream\":{\"status\":\"ok\"}}}");
  }

  @Test
  void readyIs503NamingTheFailingCheck() throws Exception {
    givenReport(
        Map.of("upstream", CheckResult.pass(), "store", CheckResult.fail("connection refused")));

    HttpResponse<Buffer> response = get("/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.bodyAsString())
        .isEqualTo(
            "{\"status\":\"unavailable\",\"checks\":{"
                + "\"store\":{\"status\":\"failing\",\"reason\":\"connection refused\"},"
                + "\"upstream\":{\"status\":\"ok\"}}}");
  }

  @Test
  void readyFollowsTheProbesBehindTheRealService() throws Exception {
    FakeReadinessProbe store = new FakeReadinessProbe("store");
    readiness.set(new CheckReadinessService(Set.of(store)));

    store.down("store unreachable");
    assertThat(get("/health/ready").statusCode()).isEqualTo(503);

    store.up();
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void readyIs503WithAGenericBodyWhenTheCheckCompletesExceptionally() throws Exception {
    readiness.set(() -> CompletableFuture.failedFuture(new IllegalStateException("secret detail")));

    try (LogCapture errors = LogCapture.of(HealthHandlers.class.getName(), Level.ERROR)) {
      HttpResponse<Buffer> response = get("/health/ready");

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.bodyAsString())
          .isEqualTo(
              "{\"status\":\"unavailable\",\"checks\":{\"readiness\":{\"status\":\"failing\","
                  + "\"reason\":\"the readiness check failed unexpectedly\"}}}");
      ILoggingEvent logged = errors.await(event -> event.getLevel() == Level.ERROR);
      assertThat(logged.getMDCPropertyMap())
          .containsEntry("request_id", response.getHeader("X-Request-ID"));
    }
  }

  @Test
  void readyIs503WhenTheCheckThrows() throws Exception {
    readiness.set(
        () -> {
          throw new IllegalStateException("secret detail");
        });

    try (LogCapture errors = LogCapture.of(HealthHandlers.class.getName(), Level.ERROR)) {
      HttpResponse<Buffer> response = get("/health/ready");

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.bodyAsString()).contains("\"readiness\"").doesNotContain("secret");
      assertThat(
              errors
                  .await(event -> event.getLevel() == Level.ERROR)
                  .getThrowableProxy()
                  .getMessage())
          .isEqualTo("secret detail");
    }
  }

  @Test
  void echoesASaneClientRequestId() throws Exception {
    HttpResponse<Buffer> response = get("/health", "client-id-42");

    assertThat(response.getHeader("X-Request-ID")).isEqualTo("client-id-42");
  }

  @Test
  void generatesARequestIdWhenTheClientSendsNone() throws Exception {
    String first = get("/health").getHeader("X-Request-ID");
    String second = get("/health").getHeader("X-Request-ID");

    assertThat(first).isNotBlank();
    assertThat(second).isNotBlank().isNotEqualTo(first);
  }

  @Test
  void replacesAClientRequestIdThatIsTooLong() throws Exception {
    String tooLong = "x".repeat(129);

    assertThat(get("/health", tooLong).getHeader("X-Request-ID"))
        .isNotBlank()
        .isNotEqualTo(tooLong);
  }

  @Test
  void replacesAnEmptyClientRequestId() throws Exception {
    assertThat(get("/health", "").getHeader("X-Request-ID")).isNotBlank();
  }

  @Test
  void replacesAClientRequestIdWithControlCharacters() throws Exception {
    // HTTP allows a tab inside a header value, so this reaches the router rather than the codec.
    String response =
        rawRequest("GET /health HTTP/1.1\r\nHost: test\r\nX-Request-ID: abc\tdef\r\n");

    assertThat(response).startsWith("HTTP/1.1 200");
    assertThat(headerOf(response, "X-Request-ID")).isNotBlank().doesNotContain("abc");
  }

  @Test
  void malformedRequestsStillGetARequestId() throws Exception {
    String response = rawRequest("GET /health HTTP/1.1\r\nHost: test\r\nBroken header line\r\n");

    assertThat(response).startsWith("HTTP/1.1 400");
    assertThat(headerOf(response, "X-Request-ID")).isNotBlank();
  }

  @Test
  void unknownRouteIs404WithTheErrorEnvelope() throws Exception {
    HttpResponse<Buffer> response = get("/v1/nope?api_key=secret", "client-id-404");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.getHeader("X-Request-ID")).isEqualTo("client-id-404");
    assertThat(response.bodyAsString())
        .isEqualTo(
            "{\"error\":{\"code\":\"not_found\",\"message\":\"No route for GET /v1/nope\","
                + "\"type\":\"invalid_request_error\"}}");
  }

  @Test
  void pathRejectedBeforeRoutingIs404WithTheEnvelopeAndARequestId() throws Exception {
    String response = rawRequest("GET health HTTP/1.1\r\nHost: test\r\nX-Request-ID: early-id\r\n");

    assertThat(response).startsWith("HTTP/1.1 404");
    assertThat(headerOf(response, "X-Request-ID")).isEqualTo("early-id");
    assertThat(response)
        .endsWith(
            "{\"error\":{\"code\":\"not_found\",\"message\":\"No route for GET health\","
                + "\"type\":\"invalid_request_error\"}}");
  }

  @Test
  void wrongMethodIs405WithTheErrorEnvelope() throws Exception {
    HttpResponse<Buffer> response =
        client.post(listener.port(), HOST, "/health").send().await(10, SECONDS);

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.getHeader("X-Request-ID")).isNotBlank();
    assertThat(response.bodyAsString())
        .isEqualTo(
            "{\"error\":{\"code\":\"method_not_allowed\","
                + "\"message\":\"Method POST is not allowed for /health\","
                + "\"type\":\"invalid_request_error\"}}");
  }

  @Test
  void unexpectedFailureIs500WithoutDetailAndIsLoggedWithTheRequestId() throws Exception {
    try (LogCapture errors = LogCapture.of(ErrorResponses.class.getName(), Level.ERROR)) {
      HttpResponse<Buffer> response = get("/boom", "client-id-500");

      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
      assertThat(response.getHeader("X-Request-ID")).isEqualTo("client-id-500");
      assertThat(response.bodyAsString())
          .isEqualTo(
              "{\"error\":{\"code\":\"internal_error\",\"message\":\"Internal server error\","
                  + "\"type\":\"server_error\"}}");
      ILoggingEvent logged = errors.await(event -> event.getLevel() == Level.ERROR);
      assertThat(logged.getMDCPropertyMap()).containsEntry("client_request_id", "client-id-500");
      assertThat(logged.getMDCPropertyMap().get("request_id"))
          .as("the server's own id")
          .isNotBlank()
          .isNotEqualTo("client-id-500");
      assertThat(logged.getThrowableProxy().getMessage()).isEqualTo("secret detail");
    }
  }

  @Test
  void clientErrorRaisedByAHandlerKeepsItsStatusInTheEnvelope() throws Exception {
    HttpResponse<Buffer> response = get("/too-large");

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
        .isEqualTo("request_too_large");
  }

  @Test
  void accessLogLineCarriesBothRequestIdsAndLeavesOutTheQuery() throws Exception {
    try (LogCapture access = LogCapture.of(AccessLogHandler.LOGGER_NAME, Level.DEBUG)) {
      get("/v1/nope?api_key=secret", "client-id-log");

      ILoggingEvent line =
          access.await(
              event -> "client-id-log".equals(event.getMDCPropertyMap().get("client_request_id")));
      assertThat(line.getLevel()).isEqualTo(Level.INFO);
      assertThat(line.getFormattedMessage()).matches("GET /v1/nope 404 \\d+ms");
      assertThat(line.getMDCPropertyMap().get("request_id"))
          .isNotBlank()
          .isNotEqualTo("client-id-log");
    }
  }

  @Test
  void healthChecksAreLoggedAtDebug() throws Exception {
    try (LogCapture access = LogCapture.of(AccessLogHandler.LOGGER_NAME, Level.DEBUG)) {
      get("/health", "client-id-live");
      get("/health/ready", "client-id-ready");

      assertThat(access.await(event -> hasRequestId(event, "client-id-live")).getLevel())
          .isEqualTo(Level.DEBUG);
      assertThat(access.await(event -> hasRequestId(event, "client-id-ready")).getLevel())
          .isEqualTo(Level.DEBUG);
    }
  }

  @Test
  void requestIdIsInTheMdcOnlyWhileHandlersRunSynchronously() throws Exception {
    HttpResponse<Buffer> response = get("/mdc", "client-id-mdc");

    assertThat(response.bodyAsString())
        .isEqualTo("during=client-id-mdc server_id=true later=null/null");
  }

  private CheckReadinessUseCase useCase() {
    return () -> readiness.get().checkReadiness();
  }

  private void givenReport(Map<String, CheckResult> checks) {
    readiness.set(() -> CompletableFuture.completedFuture(ReadinessReport.of(checks)));
  }

  /** Routes that only tests need, added the way later production routes will be. */
  private static Router testRouter(Router router) {
    router
        .get("/boom")
        .handler(
            ctx -> {
              throw new IllegalStateException("secret detail");
            });
    router.get("/too-large").handler(ctx -> ctx.fail(413));
    router
        .get("/mdc")
        .handler(
            ctx -> {
              String during = MDC.get(RequestIdHandler.CLIENT_MDC_KEY);
              boolean serverId =
                  RequestIdHandler.requestId(ctx).equals(MDC.get(RequestIdHandler.MDC_KEY));
              ctx.vertx()
                  .runOnContext(
                      later ->
                          ctx.response()
                              .end(
                                  "during="
                                      + during
                                      + " server_id="
                                      + serverId
                                      + " later="
                                      + MDC.get(RequestIdHandler.CLIENT_MDC_KEY)
                                      + "/"
                                      + MDC.get(RequestIdHandler.MDC_KEY)));
            });
    return router;
  }

  private HttpResponse<Buffer> get(String uri) throws Exception {
    return get(listener, uri);
  }

  private HttpResponse<Buffer> get(HttpListener target, String uri) throws Exception {
    return client.get(target.port(), HOST, uri).send().await(10, SECONDS);
  }

  private HttpResponse<Buffer> get(String uri, String requestId) throws Exception {
    return client
        .get(listener.port(), HOST, uri)
        .putHeader("X-Request-ID", requestId)
        .send()
        .await(10, SECONDS);
  }

  /** Sends request head lines as they are, bypassing the client's header validation. */
  private String rawRequest(String headLines) throws Exception {
    NetClient net = vertx.createNetClient();
    try {
      NetSocket socket = net.connect(listener.port(), HOST).await(10, SECONDS);
      Buffer received = Buffer.buffer();
      Future<Void> closed = Future.future(promise -> socket.closeHandler(v -> promise.complete()));
      socket.handler(received::appendBuffer);
      // The server may reset the connection once it has answered a malformed request.
      socket.exceptionHandler(reset -> {});
      socket.write(headLines + "Connection: close\r\n\r\n");
      closed.await(10, SECONDS);
      return received.toString();
    } finally {
      net.close();
    }
  }

  private static String headerOf(String rawResponse, String name) {
    return rawResponse
        .lines()
        .takeWhile(line -> !line.isEmpty())
        .filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
        .map(line -> line.substring(name.length() + 1).trim())
        .findFirst()
        .orElse(null);
  }

  /** Whether the event is about the request whose client sent {@code requestId}. */
  private static boolean hasRequestId(ILoggingEvent event, String requestId) {
    return requestId.equals(event.getMDCPropertyMap().get("client_request_id"));
  }
}
