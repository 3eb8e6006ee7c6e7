package io.codexlb.adapter.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.airlift.compress.zstd.ZstdOutputStream;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.domain.key.ModelCheck;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request bodies with a {@code Content-Encoding}, over a real listener with a fake data plane:
 * gzip, deflate and zstd are inflated on every route that reads a body, within the body limit
 * (which applies to the inflated body) and the listener's {@link BodyBudget}; other encodings are a
 * 415.
 */
@ExtendWith(VertxExtension.class)
class EncodedBodyRoutesTest {

  private static final String HOST = "127.0.0.1";
  private static final String KEY = "sk-clb-good";
  private static final int MAX_BODY = 16 * 1024 * 1024;
  // Room for one inflated body at the limit and its compressed bytes, and not much more: a body
  // inflated past the limit would not fit, and would be a 503 instead of a 413.
  private static final long BUDGET = MAX_BODY + 3L * 1024 * 1024;
  private static final String BODY = "{\"model\":\"gpt-5.2\",\"input\":\"hi\"}";
  private static final String CHAT_BODY =
      "{\"model\":\"gpt-5.2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private final FakeDataPlane dataPlane = new FakeDataPlane();
  private final BodyBudget budget = new BodyBudget(BUDGET);
  private HttpListener listener;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    ProxyApi proxy =
        new ProxyApi(
            dataPlane,
            query -> CompletableFuture.completedFuture(new ListModelsResult.NotReady("n/a")),
            dataPlane,
            MAX_BODY,
            budget,
            Clock.systemUTC());
    listener = TestProxy.listen(vertx, proxy);
  }

  @AfterEach
  void stop() throws Exception {
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "x-gzip", "deflate", "raw-deflate", "zstd", "identity", "GZip"})
  void anEncodedBodyIsServedInflatedOnEveryBodyRoute(String coding) throws Exception {
    List<String> paths = List.of(HttpApi.CHAT_COMPLETIONS_PATH);
    paths = new java.util.ArrayList<>(paths);
    paths.addAll(HttpApi.RESPONSES_PATHS);
    paths.addAll(HttpApi.COMPACT_PATHS);
    for (String path : paths) {
      dataPlane.served.clear();
      String body = path.equals(HttpApi.CHAT_COMPLETIONS_PATH) ? CHAT_BODY : BODY;

      RawConnection.Response response = post(path, coding, encode(coding, utf8(body)));

      assertThat(response.status()).as("%s %s: %s", coding, path, response.body()).isEqualTo(403);
      assertThat(dataPlane.served).as("%s %s", coding, path).hasSize(1);
      String served = new String(dataPlane.served.get(0).body(), StandardCharsets.UTF_8);
      if (path.equals(HttpApi.CHAT_COMPLETIONS_PATH)) {
        assertThat(served).as("the chat body, translated").contains("\"input\":[");
      } else if (HttpApi.RESPONSES_PATHS.contains(path)) {
        assertThat(served).isEqualTo(body);
      } else {
        assertThat(served).contains("compaction_trigger");
      }
    }
    await().untilAsserted(() -> assertThat(budget.reserved()).isZero());
  }

  @Test
  void aBodyInflatedToExactlyTheLimitIsServedAndOneByteMoreIs413() throws Exception {
    byte[] atLimit = paddedBody(MAX_BODY);
    byte[] overLimit = paddedBody(MAX_BODY + 1);

    RawConnection.Response accepted = post("/v1/responses", "gzip", encode("gzip", atLimit));
    RawConnection.Response refused = post("/v1/responses", "zstd", encode("zstd", overLimit));

    assertThat(accepted.status()).as(accepted.body()).isEqualTo(403);
    assertThat(dataPlane.served).hasSize(1);
    assertThat(dataPlane.served.get(0).body()).isEqualTo(atLimit);
    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.body()).contains("\"code\":\"request_too_large\"");
    assertThat(dataPlane.served).hasSize(1);
    await().untilAsserted(() -> assertThat(budget.reserved()).isZero());
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "zstd"})
  @Timeout(60) // A bound for a broken server, not a speed assertion.
  void aDecompressionBombIs413WithoutInflatingPastTheLimit(String coding) throws Exception {
    byte[] bomb = zeros(coding, 1024L * 1024 * 1024);
    assertThat(bomb.length).as("1 GiB of zeros, compressed").isLessThan(2 * 1024 * 1024);

    RawConnection.Response response = post("/v1/responses", coding, bomb);

    // Its inflated bytes are reserved before they are allocated, and the budget has room for the
    // limit and little more: a 413 rather than a 503 shows the inflation stopped at the limit.
    assertThat(response.status()).as(response.body()).isEqualTo(413);
    assertThat(response.body()).contains("\"code\":\"request_too_large\"");
    assertThat(dataPlane.served).isEmpty();
    await().untilAsserted(() -> assertThat(budget.reserved()).isZero());
  }

  @ParameterizedTest
  @ValueSource(strings = {"br", "compress", "gzip, zstd", "zstd;q=1"})
  void anEncodingTheProxyDoesNotDecodeIs415NamingIt(String coding) throws Exception {
    RawConnection.Response response = post("/v1/responses", coding, utf8(BODY));

    assertThat(response.status()).isEqualTo(415);
    assertThat(response.body())
        .contains("\"code\":\"unsupported_content_encoding\"")
        .contains("\"type\":\"invalid_request_error\"")
        .contains("Unsupported Content-Encoding '" + coding + "'");
    assertThat(dataPlane.served).isEmpty();
    await().untilAsserted(() -> assertThat(budget.reserved()).isZero());
  }

  @Test
  void anUnsupportedEncodingIsNamedInPrintableCharactersOnly() throws Exception {
    // Sent as UTF-8, read as ISO-8859-1 by the codec: two characters outside printable ASCII.
    RawConnection.Response response = post("/v1/responses", "\u00e9" + "x".repeat(100), utf8(BODY));

    assertThat(response.status()).isEqualTo(415);
    assertThat(response.body()).contains("'??" + "x".repeat(62) + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "deflate", "zstd"})
  void aBodyThatIsNotValidInItsCodingIs400NamingTheCoding(String coding) throws Exception {
    byte[] valid = encode(coding, utf8(BODY));
    byte[] truncated = Arrays.copyOf(valid, valid.length / 2);

    RawConnection.Response garbage = post("/v1/responses", coding, utf8("not " + coding));
    RawConnection.Response cut = post("/v1/responses", coding, truncated);

    for (RawConnection.Response response : List.of(garbage, cut)) {
      assertThat(response.status()).as(response.body()).isEqualTo(400);
      assertThat(response.body())
          .contains("Request body is not valid " + coding + " (Content-Encoding)");
    }
    assertThat(dataPlane.served).isEmpty();
    await().untilAsserted(() -> assertThat(budget.reserved()).isZero());
  }

  @Test
  void aKeylessEncodedBodyIs401BeforeItsEncodingIsLookedAt() throws Exception {
    try (RawConnection connection = new RawConnection(HOST, listener.port())) {
      byte[] body = utf8(BODY);
      connection.send(
          "POST /v1/responses HTTP/1.1\r\nHost: test\r\nContent-Encoding: br\r\n"
              + "Content-Length: "
              + body.length
              + "\r\n\r\n");
      connection.send(body);

      assertThat(connection.read().status()).isEqualTo(401);
    }
  }

  // --- helpers

  private RawConnection.Response post(String path, String coding, byte[] body) throws Exception {
    String header = coding.equals("raw-deflate") ? "deflate" : coding;
    try (RawConnection connection = new RawConnection(HOST, listener.port())) {
      connection.send(
          "POST "
              + path
              + " HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer "
              + KEY
              + "\r\nContent-Type: application/json\r\nContent-Encoding: "
              + header
              + "\r\nContent-Length: "
              + body.length
              + "\r\n\r\n");
      connection.send(body);
      return connection.read();
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A Responses body of exactly {@code size} bytes. */
  private static byte[] paddedBody(int size) {
    String head = "{\"model\":\"gpt-5.2\",\"input\":\"";
    String tail = "\"}";
    return utf8(head + "x".repeat(size - head.length() - tail.length()) + tail);
  }

  static byte[] encode(String coding, byte[] body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = encoder(coding, bytes)) {
      out.write(body);
    }
    return bytes.toByteArray();
  }

  /** {@code count} zero bytes, compressed: a decompression bomb. */
  private static byte[] zeros(String coding, long count) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] megabyte = new byte[1024 * 1024];
    try (OutputStream out = encoder(coding, bytes)) {
      for (long written = 0; written < count; written += megabyte.length) {
        out.write(megabyte);
      }
    }
    return bytes.toByteArray();
  }

  private static OutputStream encoder(String coding, OutputStream out) throws IOException {
    return switch (coding.toLowerCase(java.util.Locale.ROOT)) {
      case "gzip", "x-gzip" -> new GZIPOutputStream(out);
      case "deflate" -> new DeflaterOutputStream(out);
      case "raw-deflate" -> new DeflaterOutputStream(out, new Deflater(6, true));
      case "zstd" -> new ZstdOutputStream(out);
      default -> out;
    };
  }

  /** Accepts {@link #KEY}; serves every request with a 403 that shows it arrived. */
  private static final class FakeDataPlane
      implements ProxyResponsesUseCase, AuthenticateBearerUseCase {
    final List<ProxyResponsesCommand> served = new CopyOnWriteArrayList<>();

    @Override
    public AuthenticateBearerResult authenticate(AuthenticateBearerQuery query) {
      return query.bearer().orElse("").equals(KEY)
          ? AuthenticateBearerResult.Accepted.INSTANCE
          : new AuthenticateBearerResult.Refused(KeyValidation.Unknown.INSTANCE);
    }

    @Override
    public CompletionStage<ProxyResponsesResult> serve(ProxyResponsesCommand request) {
      served.add(request);
      return CompletableFuture.completedFuture(
          new ProxyResponsesResult.Refused(
              new Refusal.ModelNotAllowed(new ModelCheck.ModelNotAllowed(request.model()))));
    }
  }
}
