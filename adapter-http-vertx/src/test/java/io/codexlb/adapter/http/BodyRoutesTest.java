package io.codexlb.adapter.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.domain.key.ModelCheck;
import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.port.in.AuthenticateBearerQuery;
import io.codexlb.port.in.AuthenticateBearerResult;
import io.codexlb.port.in.AuthenticateBearerUseCase;
import io.codexlb.port.in.ListModelsResult;
import io.codexlb.port.in.ProxyResponsesCommand;
import io.codexlb.port.in.ProxyResponsesResult;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import io.codexlb.port.in.ProxyResponsesUseCase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The routes that read a body, over a real listener with a fake data plane: the key is checked
 * before a byte of the body is read, and bodies are read within their limit and the listener's
 * {@link BodyBudget}.
 */
@ExtendWith(VertxExtension.class)
class BodyRoutesTest {

  private static final String HOST = "127.0.0.1";
  private static final String GOOD_KEY = "sk-clb-good";
  private static final long MAX_BODY = 4_096;
  private static final long BUDGET = 6_000;
  private static final String INVALID_API_KEY =
      "{\"error\":{\"code\":\"invalid_api_key\",\"message\":\"Invalid API key\","
          + "\"type\":\"invalid_request_error\"}}";
  private static final String BODY = "{\"model\":\"gpt-5.2\",\"input\":\"hi\"}";

  private final FakeDataPlane dataPlane = new FakeDataPlane();
  private final BodyBudget budget = new BodyBudget(BUDGET);
  private HttpListener listener;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    listener = listen(vertx, dataPlane);
  }

  private HttpListener listen(Vertx vertx, AuthenticateBearerUseCase bearers) throws Exception {
    ProxyApi proxy =
        new ProxyApi(
            dataPlane,
            query -> CompletableFuture.completedFuture(new ListModelsResult.NotReady("n/a")),
            bearers,
            MAX_BODY,
            budget,
            Clock.systemUTC());
    return TestProxy.listen(vertx, proxy);
  }

  @AfterEach
  void stop() throws Exception {
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
  }

  private RawConnection connect() throws Exception {
    return new RawConnection(HOST, listener.port());
  }

  private static String post(String path, String authorization, String body) {
    return head(path, authorization, "Content-Length: " + utf8(body).length) + body;
  }

  private static String head(String path, String authorization, String... headers) {
    StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: test\r\n");
    if (authorization != null) {
      head.append("Authorization: ").append(authorization).append("\r\n");
    }
    head.append("Content-Type: application/json\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    return head.append("\r\n").toString();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private RawConnection.Response exchange(String request) throws Exception {
    try (RawConnection connection = connect()) {
      return connection.send(request).read();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v1/responses",
        "/backend-api/codex/responses",
        "/backend-api/codex/v1/responses",
        "/v1/chat/completions"
      })
  void everyKeyProblemGetsExactlyTheGuidesErrorOnEveryBodyRoute(String path) throws Exception {
    for (String authorization :
        new String[] {
          null,
          "Basic dXNlcjpwYXNz",
          "Bearer sk-clb-unknown",
          "Bearer sk-clb-inactive",
          "Bearer sk-clb-expired",
          "Bearer",
          "Bearer not-a-key"
        }) {
      RawConnection.Response response = exchange(post(path, authorization, BODY));

      assertThat(response.status()).as("%s with %s", path, authorization).isEqualTo(401);
      assertThat(response.body()).as("%s with %s", path, authorization).isEqualTo(INVALID_API_KEY);
    }
    assertThat(dataPlane.served).isEmpty();
    assertThat(budget.reserved()).isZero();
  }

  @Test
  void noKeyAndAMalformedBodyIs401NotTheParsersOpinion() throws Exception {
    RawConnection.Response response = exchange(post("/v1/responses", null, "{\"model\": nope"));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body()).isEqualTo(INVALID_API_KEY);
  }

  @Test
  void theCauseIsLoggedAtDebugWithTheRequestIdAndNeverTheKey() throws Exception {
    try (LogCapture debug = LogCapture.of(ErrorResponses.class.getName(), Level.DEBUG)) {
      exchange(
          head(
                  "/v1/responses",
                  "Bearer sk-clb-inactive",
                  "Content-Length: " + utf8(BODY).length,
                  "X-Request-ID: req-inactive")
              + BODY);

      ILoggingEvent event =
          debug.await(e -> e.getFormattedMessage().contains("key refused: inactive key k1"));
      assertThat(event.getMDCPropertyMap())
          .containsEntry("client_request_id", "req-inactive")
          .containsKey("request_id")
          .doesNotContainEntry("request_id", "req-inactive");
      assertThat(debug.events())
          .noneMatch(e -> e.getFormattedMessage().contains("sk-clb-inactive"));
    }
  }

  @Test
  @Timeout(60) // Were the server to stop reading without closing, the upload would block.
  void aKeylessUploadIsAnsweredAtItsHeadersAndItsBodyIsDroppedUnread() throws Exception {
    try (RawConnection connection = connect()) {
      connection.send(head("/v1/responses", null, "Content-Length: 8000000"));

      RawConnection.Response response = connection.read();
      assertThat(response.status()).isEqualTo(401);
      assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
      long sent = connection.sendUntilClosed(new byte[16 * 1024], 8_000_000 / (16 * 1024));
      assertThat(connection.closedByServer()).isTrue();
      assertThat(sent)
          .as("the server closed the connection before the body ended")
          .isLessThan(7_000_000);
    }
    assertThat(dataPlane.served).isEmpty();
    assertThat(budget.reserved()).isZero();
  }

  @Test
  void aSmallRefusedBodyIsDrainedSoTheClientReadsItsAnswer() throws Exception {
    try (RawConnection connection = connect()) {
      connection.send(post("/v1/chat/completions", "Bearer sk-clb-unknown", BODY));

      assertThat(connection.read().status()).isEqualTo(401);
      assertThat(connection.closedByServer()).isTrue();
    }
  }

  @Test
  void whileTheServerStartsBodiesAre503BeforeTheyAreRead(Vertx vertx) throws Exception {
    HttpListener starting =
        listen(vertx, query -> new AuthenticateBearerResult.NotReady("The server is starting"));
    try (RawConnection connection = new RawConnection(HOST, starting.port())) {
      connection.send(head("/v1/responses", "Bearer " + GOOD_KEY, "Content-Length: 4000"));

      RawConnection.Response response = connection.read();
      assertThat(response.status()).isEqualTo(503);
      assertThat(response.header("Retry-After")).isEqualTo("1");
      assertThat(response.body()).contains("service_unavailable");
    } finally {
      starting.shutdown(Duration.ZERO).await(10, SECONDS);
    }
    assertThat(budget.reserved()).isZero();
  }

  @Test
  void aKeyedRequestIsServedWithItsWholeBody() throws Exception {
    RawConnection.Response response = exchange(post("/v1/responses", "Bearer " + GOOD_KEY, BODY));

    assertThat(response.status()).as(response.body()).isEqualTo(403);
    assertThat(dataPlane.served).hasSize(1);
    assertThat(new String(dataPlane.served.get(0).body(), StandardCharsets.UTF_8)).isEqualTo(BODY);
    await().untilAsserted(() -> assertThat(budget.reserved()).isZero());
  }

  @Test
  void theDataPlaneGetsTheServersOwnRequestIdAndTheClientsBesideIt() throws Exception {
    String body =
        head(
                "/v1/responses",
                "Bearer " + GOOD_KEY,
                "Content-Length: " + utf8(BODY).length,
                "X-Request-ID: client-7")
            + BODY;
    RawConnection.Response first = exchange(body);
    RawConnection.Response second = exchange(body);
    RawConnection.Response anonymous = exchange(post("/v1/responses", "Bearer " + GOOD_KEY, BODY));

    assertThat(dataPlane.served).hasSize(3);
    ProxyResponsesCommand one = dataPlane.served.get(0);
    ProxyResponsesCommand two = dataPlane.served.get(1);
    ProxyResponsesCommand three = dataPlane.served.get(2);
    assertThat(one.clientRequestId()).contains("client-7");
    assertThat(two.clientRequestId()).contains("client-7");
    assertThat(one.requestId()).as("one server id per request").isNotEqualTo(two.requestId());
    assertThat(one.requestId()).isNotEqualTo("client-7");
    assertThat(first.header("X-Request-ID")).as("the client's id echoed").isEqualTo("client-7");
    assertThat(second.header("X-Request-ID")).isEqualTo("client-7");
    assertThat(three.clientRequestId()).isEmpty();
    assertThat(anonymous.header("X-Request-ID")).isEqualTo(three.requestId());
  }

  @Test
  void aChunkedBodyIsReadWhole() throws Exception {
    try (RawConnection connection = connect()) {
      connection.send(
          head("/v1/responses", "Bearer " + GOOD_KEY, "Transfer-Encoding: chunked")
              + "10\r\n"
              + BODY.substring(0, 16)
              + "\r\n"
              + Integer.toHexString(BODY.length() - 16)
              + "\r\n"
              + BODY.substring(16)
              + "\r\n0\r\n\r\n");

      assertThat(connection.read().status()).isEqualTo(403);
    }
    assertThat(new String(dataPlane.served.get(0).body(), StandardCharsets.UTF_8)).isEqualTo(BODY);
    await().untilAsserted(() -> assertThat(budget.reserved()).isZero());
  }

  @Test
  void aDeclaredBodyOverTheLimitIs413BeforeItIsRead() throws Exception {
    try (RawConnection connection = connect()) {
      connection.send(
          head("/v1/responses", "Bearer " + GOOD_KEY, "Content-Length: " + (MAX_BODY + 1)));

      RawConnection.Response response = connection.read();
      assertThat(response.status()).isEqualTo(413);
      assertThat(response.body()).contains("request_too_large");
    }
    assertThat(dataPlane.served).isEmpty();
    assertThat(budget.reserved()).isZero();
  }

  @Test
  void aChunkedBodyThatGrowsOverTheLimitIs413() throws Exception {
    String chunk = "x".repeat(1_000);
    try (RawConnection connection = connect()) {
      connection.send(head("/v1/responses", "Bearer " + GOOD_KEY, "Transfer-Encoding: chunked"));
      for (int i = 0; i < 5; i++) {
        connection.send(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
      }

      assertThat(connection.read().status()).isEqualTo(413);
    }
    assertThat(dataPlane.served).isEmpty();
    await().untilAsserted(() -> assertThat(budget.reserved()).isZero());
  }

  @Test
  void uploadsPastTheBudgetAre503UntilTheBodiesBeingReadAreDone() throws Exception {
    String body = "{\"model\":\"gpt-5.2\",\"input\":\"" + "x".repeat(3_950) + "\"}";
    try (RawConnection first = connect();
        RawConnection second = connect()) {
      first.send(post("/v1/responses", "Bearer " + GOOD_KEY, body).substring(0, 500));
      await().untilAsserted(() -> assertThat(budget.reserved()).isEqualTo(utf8(body).length));

      second.send(post("/v1/responses", "Bearer " + GOOD_KEY, body));
      RawConnection.Response refused = second.read();
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.header("Retry-After")).isEqualTo("1");
      assertThat(refused.body()).contains("\"code\":\"server_busy\"");

      first.send(post("/v1/responses", "Bearer " + GOOD_KEY, body).substring(500));
      assertThat(first.read().status()).isEqualTo(403);
    }
    await().untilAsserted(() -> assertThat(budget.reserved()).isZero());
    assertThat(exchange(post("/v1/responses", "Bearer " + GOOD_KEY, body)).status()).isEqualTo(403);
  }

  @Test
  void aClientThatLeavesMidBodyGivesItsReservationBackWithoutAnError() throws Exception {
    try (LogCapture errors = LogCapture.of(ErrorResponses.class.getName(), Level.WARN)) {
      try (RawConnection connection = connect()) {
        connection.send(head("/v1/responses", "Bearer " + GOOD_KEY, "Content-Length: 4000"));
        connection.send("{\"model\":");
        await().untilAsserted(() -> assertThat(budget.reserved()).isEqualTo(4_000));
      }

      await().untilAsserted(() -> assertThat(budget.reserved()).isZero());
      assertThat(errors.events()).isEmpty();
    }
    assertThat(dataPlane.served).isEmpty();
  }

  @Test
  void aStreamWhoseClientLeavesIsCancelledAndGivesItsReservationBack() throws Exception {
    dataPlane.stream();
    String body = "{\"model\":\"gpt-5.2\",\"stream\":true,\"input\":\"hi\"}";
    try (RawConnection connection = connect()) {
      connection.send(post("/v1/responses", "Bearer " + GOOD_KEY, body));
      await().untilAsserted(() -> assertThat(dataPlane.served).hasSize(1));
      assertThat(budget.reserved()).isEqualTo(utf8(body).length);
    }

    await().untilAsserted(() -> assertThat(dataPlane.cancelled).isTrue());
    await().untilAsserted(() -> assertThat(budget.reserved()).isZero());
  }

  @Test
  void aModelOrSessionHeaderLongerThanTheProxyKeepsIs400NamingIt() throws Exception {
    String longModel = "{\"model\":\"" + "m".repeat(200) + "\",\"input\":\"hi\"}";
    RawConnection.Response model = exchange(post("/v1/responses", "Bearer " + GOOD_KEY, longModel));
    assertThat(model.status()).isEqualTo(400);
    assertThat(model.body()).contains("Invalid field model: longer than 128 characters");

    String session = "session_id: " + "s".repeat(ProxyResponsesCommand.MAX_SESSION_KEY_LENGTH + 1);
    RawConnection.Response header =
        exchange(
            head(
                    "/backend-api/codex/responses",
                    "Bearer " + GOOD_KEY,
                    "Content-Length: " + utf8(BODY).length,
                    session)
                + BODY);
    assertThat(header.status()).isEqualTo(400);
    assertThat(header.body()).contains("Invalid header session_id: longer than 512 characters");
    assertThat(dataPlane.served).isEmpty();
  }

  @Test
  void chatBodiesWithContentAfterTheObjectOrNoMessagesAre400() throws Exception {
    String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";
    RawConnection.Response trailing =
        exchange(
            post(
                "/v1/chat/completions",
                "Bearer " + GOOD_KEY,
                "{\"model\":\"gpt-5.2\"," + messages + "}{\"again\":1}"));
    RawConnection.Response empty =
        exchange(
            post(
                "/v1/chat/completions",
                "Bearer " + GOOD_KEY,
                "{\"model\":\"gpt-5.2\",\"messages\":[]}"));

    assertThat(trailing.status()).isEqualTo(400);
    assertThat(trailing.body()).contains("unexpected content after the object");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.body()).contains("messages: [] (expected: at least one message)");
    assertThat(dataPlane.served).isEmpty();
  }

  /**
   * Accepts {@link #GOOD_KEY} and refuses the others as the key index would; serves every request
   * with a refusal that shows it arrived (403), or with a stream that never ends.
   */
  private static final class FakeDataPlane
      implements ProxyResponsesUseCase, AuthenticateBearerUseCase {
    final List<ProxyResponsesCommand> served = new CopyOnWriteArrayList<>();
    final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile boolean stream;

    void stream() {
      stream = true;
    }

    @Override
    public AuthenticateBearerResult authenticate(AuthenticateBearerQuery query) {
      String key = query.bearer().orElse("");
      KeyValidation validation;
      if (key.equals(GOOD_KEY)) {
        return AuthenticateBearerResult.Accepted.INSTANCE;
      } else if (key.isEmpty()) {
        validation = KeyValidation.Missing.INSTANCE;
      } else if (!key.startsWith("sk-clb-")) {
        validation = KeyValidation.NotCodexLbKey.INSTANCE;
      } else if (key.equals("sk-clb-inactive")) {
        validation = new KeyValidation.Inactive(new ApiKeyId("k1"));
      } else if (key.equals("sk-clb-expired")) {
        validation = new KeyValidation.Expired(new ApiKeyId("k2"), Instant.EPOCH);
      } else {
        validation = KeyValidation.Unknown.INSTANCE;
      }
      return new AuthenticateBearerResult.Refused(validation);
    }

    @Override
    public CompletionStage<ProxyResponsesResult> serve(ProxyResponsesCommand request) {
      served.add(request);
      if (!stream) {
        return CompletableFuture.completedFuture(
            new ProxyResponsesResult.Refused(
                new Refusal.ModelNotAllowed(new ModelCheck.ModelNotAllowed(request.model()))));
      }
      Flow.Publisher<UpstreamEvent> never =
          subscriber ->
              subscriber.onSubscribe(
                  new Flow.Subscription() {
                    @Override
                    public void request(long n) {}

                    @Override
                    public void cancel() {
                      cancelled.set(true);
                    }
                  });
      return CompletableFuture.completedFuture(new ProxyResponsesResult.Streaming(Map.of(), never));
    }
  }
}
