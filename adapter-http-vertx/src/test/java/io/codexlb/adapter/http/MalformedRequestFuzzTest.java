package io.codexlb.adapter.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codexlb.adapter.http.admin.AdminRouter;
import io.codexlb.domain.health.ReadinessReport;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.port.in.AuthenticateBearerResult;
import io.codexlb.port.in.CheckReadinessUseCase;
import io.codexlb.port.in.ListModelsResult;
import io.codexlb.port.in.ProxyResponsesResult;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;

/**
 * A corpus of malformed requests (framing, headers, encodings, JSON, sizes) sent as raw bytes to a
 * running proxy listener. Each must get a 4xx in the error envelope (505 for an HTTP version the
 * server does not speak) or a clean close, never another 5xx; nothing may be logged with a stack
 * trace or above INFO; and the server must answer normally afterwards.
 *
 * <p>The data plane behind the body routes refuses every well-formed request as unauthenticated
 * (401), so that a request the server wrongly accepted would still be told apart from a 5xx.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRequestFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final CheckReadinessUseCase READY =
      () -> CompletableFuture.completedFuture(ReadinessReport.of(Map.of()));

  private static final long MAX_BODY_BYTES = 4096;

  private Vertx vertx;
  private HttpListener proxy;
  private HttpListener admin;
  private LogCapture everything;
  private LogCapture access;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    everything = LogCapture.of(Logger.ROOT_LOGGER_NAME, Level.DEBUG);
    access = LogCapture.of(AccessLogHandler.LOGGER_NAME, Level.DEBUG);
    ConnectionLimits limits =
        new ConnectionLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5));
    ProxyApi unauthenticated =
        new ProxyApi(
            request ->
                CompletableFuture.completedFuture(
                    new ProxyResponsesResult.Refused(
                        new Refusal.InvalidKey(KeyValidation.Missing.INSTANCE))),
            query -> CompletableFuture.completedFuture(new ListModelsResult.NotReady("n/a")),
            // Every key passes the headers check, so that malformed bodies are read and judged.
            query -> AuthenticateBearerResult.Accepted.INSTANCE,
            MAX_BODY_BYTES,
            new BodyBudget(4 * MAX_BODY_BYTES),
            Clock.systemUTC());
    proxy =
        HttpListener.start(
                vertx,
                "proxy",
                "127.0.0.1",
                0,
                2,
                limits,
                v -> HttpApi.proxyRouter(v, READY, unauthenticated))
            .await(10, SECONDS);
    admin =
        HttpListener.start(
                vertx,
                "admin",
                "127.0.0.1",
                0,
                1,
                limits,
                v -> AdminRouter.create(v, READY, TestAdminApi.EMPTY))
            .await(10, SECONDS);
  }

  @AfterAll
  void stop() throws Exception {
    try {
      vertx.close().await(10, SECONDS);
    } finally {
      access.close();
      everything.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void malformedRequestGetsA4xxEnvelopeOrACleanClose(byte[] request) throws Exception {
    for (HttpListener listener : List.of(proxy, admin)) {
      RawHttp.Response response;
      try (RawHttp client = RawHttp.connect(listener.port())) {
        client.send(request);
        response = client.read();
      }
      if (response != null) {
        int status = response.status();
        assertThat(status)
            .as("%s: status (body %s)", listener.name(), response.body())
            .satisfiesAnyOf(
                s -> assertThat(s).isBetween(400, 499), s -> assertThat(s).isEqualTo(505));
        assertEnvelope(response);
      }
    }
    assertServerHealthyAndQuiet();
  }

  /**
   * The requests the issue names, each with its exact answer. Every one is followed by the close:
   * for Content-Length with Transfer-Encoding, the smuggled request after the chunks is never
   * served.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("protocolViolations")
  void protocolViolationIsRefusedInTheEnvelopeAndTheConnectionClosed(
      String request, int status, String message) throws Exception {
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      client.send(request);
      RawHttp.Response response = client.readLast();

      assertThat(response.status()).isEqualTo(status);
      assertThat(envelope(response).path("message").asText()).isEqualTo(message);
      assertThat(response.headers()).containsKey("x-request-id");
    }
    assertServerHealthyAndQuiet();
  }

  static Stream<Arguments> protocolViolations() {
    String smuggling =
        "POST /v1/responses %s\r\nHost: x\r\nContent-Length: 4\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    String chunked =
        "POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n%s\r\n{}\r\n0\r\n\r\n";
    String ambiguous = "Content-Length together with Transfer-Encoding";
    String badChunks = "Malformed chunked request body";
    String version = "HTTP version not supported: send HTTP/1.1";
    return Stream.of(
        Arguments.of(smuggling.formatted("HTTP/1.1"), 400, ambiguous),
        Arguments.of(smuggling.formatted("HTTP/1.0"), 400, ambiguous),
        Arguments.of(chunked.formatted("zz"), 400, badChunks),
        Arguments.of(chunked.formatted("FFFFFFFFFFFFFFFFFFFFFFFF"), 400, badChunks),
        Arguments.of(
            "POST /v1/%zz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
            400, "Malformed percent-encoding in the request target"),
        Arguments.of("GET /health HTTP/2.0\r\nHost: x\r\n\r\n", 505, version),
        Arguments.of("GET /health HTTP/1.2\r\nHost: x\r\n\r\n", 505, version),
        Arguments.of("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505, version));
  }

  @Test
  void aRequestRefusedBeforeRoutingHasItsAccessLogLine() throws Exception {
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      client.send("POST /v1/%zz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
      assertThat(client.readLast().status()).isEqualTo(400);
    }

    assertThat(access.await(e -> e.getFormattedMessage().startsWith("POST /v1/%zz ")))
        .satisfies(e -> assertThat(e.getFormattedMessage()).startsWith("POST /v1/%zz 400 "));
  }

  static Stream<Arguments> corpus() {
    List<Arguments> corpus = new ArrayList<>();
    // Requests without a body go to a path no router has, so that one the server tolerates (it
    // may, where RFC 9112 allows it) gets a 404 rather than being served.
    String body = "POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
    String chat =
        "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
    // Framing.
    add(
        corpus,
        "CL and TE",
        body + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    add(corpus, "TE gzip", body + "Transfer-Encoding: gzip\r\n\r\n{}");
    add(corpus, "TE gzip, chunked", body + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");
    add(
        corpus,
        "TE twice",
        body + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    add(corpus, "TE with junk", body + "Transfer-Encoding: chunkedx\r\n\r\n0\r\n\r\n");
    add(
        corpus,
        "chunk size not hex",
        body + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
    add(
        corpus,
        "chunk size overflows",
        body + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n");
    add(
        corpus,
        "chunk size negative",
        body + "Transfer-Encoding: chunked\r\n\r\n-2\r\n{}\r\n0\r\n\r\n");
    add(
        corpus,
        "chunk without CRLF",
        body + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n");
    add(
        corpus,
        "chunk longer than said",
        body + "Transfer-Encoding: chunked\r\n\r\n1\r\n{}\r\n0\r\n\r\n");
    add(corpus, "CL negative", body + "Content-Length: -1\r\n\r\n{}");
    add(corpus, "CL not a number", body + "Content-Length: abc\r\n\r\n{}");
    add(corpus, "CL twice, different", body + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}");
    add(corpus, "CL huge", body + "Content-Length: 99999999999999999999\r\n\r\n{}");
    add(corpus, "CL longer than the body", body + "Content-Length: 10\r\n\r\n{}");
    // Request line.
    add(corpus, "HTTP/2.0", "GET /nope HTTP/2.0\r\nHost: x\r\n\r\n");
    add(corpus, "HTTP/1.2", "GET /nope HTTP/1.2\r\nHost: x\r\n\r\n");
    add(corpus, "h2c preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    add(corpus, "not HTTP", "GET /nope FOO/1.1\r\nHost: x\r\n\r\n");
    add(corpus, "no version", "GET /health\r\nHost: x\r\n\r\n");
    add(corpus, "request line only", "GET\r\n\r\n");
    add(corpus, "extra token", "GET /nope HTTP/1.1 extra\r\nHost: x\r\n\r\n");
    add(corpus, "unknown method", "BREW /v1/responses HTTP/1.1\r\nHost: x\r\n\r\n");
    add(corpus, "asterisk target", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");
    add(corpus, "relative target", "GET health HTTP/1.1\r\nHost: x\r\n\r\n");
    add(
        corpus,
        "request line too long",
        "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    add(
        corpus,
        "TLS handshake",
        new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03});
    add(
        corpus,
        "binary",
        new byte[] {0, 1, 2, 3, (byte) 0xff, (byte) 0xfe, '\r', '\n', '\r', '\n'});
    // Headers.
    add(corpus, "header without colon", "GET /nope HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n");
    add(corpus, "space before colon", "GET /nope HTTP/1.1\r\nHost : x\r\n\r\n");
    add(
        corpus,
        "obsolete line folding",
        "GET /nope HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  folded\r\n\r\n");
    add(corpus, "NUL in a header", "GET /nope HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n");
    add(
        corpus,
        "header too large",
        "GET /nope HTTP/1.1\r\nHost: x\r\nX-A: " + "a".repeat(10_000) + "\r\n\r\n");
    add(
        corpus,
        "too many headers",
        "GET /nope HTTP/1.1\r\nHost: x\r\n" + "X-A: 1234567890\r\n".repeat(1000) + "\r\n");
    add(corpus, "empty header name", "GET /nope HTTP/1.1\r\nHost: x\r\n: empty\r\n\r\n");
    // Encodings.
    add(corpus, "bad percent in path", "GET /v1/%zz HTTP/1.1\r\nHost: x\r\n\r\n");
    add(corpus, "truncated percent", "GET /v1/models% HTTP/1.1\r\nHost: x\r\n\r\n");
    add(corpus, "bad percent in query", "GET /v1/models?a=%g1 HTTP/1.1\r\nHost: x\r\n\r\n");
    add(corpus, "overlong UTF-8", "GET /%C0%AF/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n");
    add(corpus, "NUL in path", "GET /v1/%00 HTTP/1.1\r\nHost: x\r\n\r\n");
    add(corpus, "dot segments", "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n");
    add(corpus, "raw UTF-8 path", ("GET /v1/\u00e9\u00e8 HTTP/1.1\r\nHost: x\r\n\r\n"));
    // JSON.
    for (String json :
        List.of(
            "{",
            "}",
            "[]",
            "null",
            "\"text\"",
            "{\"model\":",
            "{\"model\": 1, \"input\": []}",
            "{\"model\":\"gpt-5\"} trailing",
            "[".repeat(5000) + "]".repeat(5000),
            "{\"a\":" + "1".repeat(5000) + "}",
            "\u00ef\u00bb\u00bf{}",
            "{\"model\":\"\u00ff\u00fe\"}")) {
      add(
          corpus,
          "JSON " + abbreviate(json),
          body + "Content-Length: " + json.length() + "\r\n\r\n" + json);
      add(
          corpus,
          "chat JSON " + abbreviate(json),
          chat + "Content-Length: " + json.length() + "\r\n\r\n" + json);
    }
    add(
        corpus,
        "JSON as text/plain",
        "POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}");
    // Sizes.
    String big = "{\"input\":\"" + "a".repeat((int) MAX_BODY_BYTES) + "\"}";
    add(corpus, "body over the limit", body + "Content-Length: " + big.length() + "\r\n\r\n" + big);
    add(
        corpus,
        "chunked body over the limit",
        body
            + "Transfer-Encoding: chunked\r\n\r\n"
            + Integer.toHexString(big.length())
            + "\r\n"
            + big
            + "\r\n0\r\n\r\n");
    add(corpus, "declared length over the limit", body + "Content-Length: 1073741824\r\n\r\n{}");
    String longModel = "{\"model\":\"" + "m".repeat(4000) + "\",\"input\":\"hi\"}";
    add(
        corpus,
        "long model",
        body + "Content-Length: " + longModel.length() + "\r\n\r\n" + longModel);
    return corpus.stream();
  }

  private static void add(List<Arguments> corpus, String name, String request) {
    add(corpus, name, request.getBytes(ISO_8859_1));
  }

  private static void add(List<Arguments> corpus, String name, byte[] request) {
    corpus.add(Arguments.of(Named.of(name, request)));
  }

  private static String abbreviate(String text) {
    return text.length() <= 24 ? text : text.substring(0, 24) + "...";
  }

  private static void assertEnvelope(RawHttp.Response response) throws Exception {
    JsonNode error = envelope(response);
    assertThat(error.path("code").asText()).isNotBlank();
    assertThat(error.path("message").asText()).isNotBlank();
    assertThat(error.path("type").asText()).isNotBlank();
  }

  private static JsonNode envelope(RawHttp.Response response) throws Exception {
    assertThat(response.headers().get("content-type")).startsWith("application/json");
    return JSON.readTree(response.body()).path("error");
  }

  /** Both listeners still answer, and nothing was logged with a stack trace or above INFO. */
  private void assertServerHealthyAndQuiet() throws Exception {
    for (HttpListener listener : List.of(proxy, admin)) {
      try (RawHttp client = RawHttp.connect(listener.port())) {
        client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        RawHttp.Response health = client.read();
        assertThat(health).isNotNull();
        assertThat(health.status()).isEqualTo(200);
      }
    }
    assertThat(everything.events())
        .noneMatch(LogCapture::stackTraceAsInProduction)
        .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    assertThat(access.events()).noneMatch(e -> e.getThrowableProxy() != null);
  }
}
