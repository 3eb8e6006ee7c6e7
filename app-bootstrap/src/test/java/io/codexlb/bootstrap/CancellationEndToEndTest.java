package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codexlb.testkit.Script;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that goes away at any moment, end to end: the real server, the testkit's fake ChatGPT
 * backend. The backend must see its exchange closed within a second; the account's slots (8 by
 * default, so more abandoned requests than that would leave nothing to serve with) and the key's
 * reservations must come back. Also the SSE keep-alive of a silent upstream.
 */
class CancellationEndToEndTest {

  /** The default {@code account_stream_limit}: abandon this many, and one more must be served. */
  private static final int ACCOUNT_SLOTS = 8;

  private static final String RESPONSES =
      "{\"model\":\"gpt-5.2\",\"input\":\"Say hello\",\"stream\":%s}";
  private static final String CHAT =
      "{\"model\":\"gpt-5.2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":%s}";

  @TempDir Path dataDir;

  private ProxyFixture fixture;

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void aClientGoneBeforeUpstreamsHeadersCancelsTheUpstreamRequestAndReleasesEverything()
      throws Exception {
    fixture = new ProxyFixture(dataDir).account("acc-1");
    String key = fixture.key("--limit", "requests:daily:3");
    for (int i = 0; i <= ACCOUNT_SLOTS; i++) {
      fixture
          .backend
          .account("acc-1")
          .once(Script.text("late").firstByteAfter(Duration.ofMinutes(5)));
    }
    fixture.start();

    for (int i = 0; i <= ACCOUNT_SLOTS; i++) {
      abandonAfter(
          "/backend-api/codex/responses", RESPONSES.formatted("true"), key, upstreamHasIt());
      upstreamSeesItClosedWithinASecond();
    }

    // Nothing was served: nothing was charged, and no slot was kept.
    for (int i = 0; i < 3; i++) {
      assertThat(fixture.post("/v1/responses", RESPONSES.formatted("false"), key).statusCode())
          .isEqualTo(200);
    }
    assertThat(fixture.post("/v1/responses", RESPONSES.formatted("false"), key).statusCode())
        .as("the limit still counts served requests")
        .isEqualTo(429);

    fixture.stop();
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("store.db"));
        Statement query = db.createStatement();
        ResultSet row =
            query.executeQuery(
                "SELECT count(*) FROM request_logs"
                    + " WHERE status_code = 499 AND error_code = 'client_closed_request'")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getInt(1)).as("one 499 per abandoned request").isEqualTo(ACCOUNT_SLOTS + 1);
    }
  }

  @Test
  void aClientGoneMidStreamCancelsUpstreamReleasesTheSlotAndIsChargedTheReservation()
      throws Exception {
    fixture = new ProxyFixture(dataDir).account("acc-1");
    String unlimited = fixture.key();
    String limited = fixture.key("--limit", "requests:daily:3");
    fixture.backend.account("acc-1").respondsWith(slowStream());
    fixture.start();

    for (int i = 0; i < ACCOUNT_SLOTS; i++) {
      abandonAt(
          "/v1/responses",
          RESPONSES.formatted("true"),
          unlimited,
          line -> line.startsWith("event: response.output_text.delta"));
      upstreamSeesItClosedWithinASecond();
    }
    abandonAt(
        "/v1/chat/completions",
        CHAT.formatted("true"),
        limited,
        line -> line.startsWith("data: ") && line.contains("\"content\""));
    upstreamSeesItClosedWithinASecond();

    fixture.backend.account("acc-1").respondsWith(Script.text("ok"));
    assertThat(fixture.post("/v1/responses", RESPONSES.formatted("false"), unlimited).statusCode())
        .as("every slot of the account came back")
        .isEqualTo(200);
    // Part of an answer was served: the request counts (its reservation was charged).
    for (int i = 0; i < 2; i++) {
      assertThat(
              fixture.post("/v1/chat/completions", CHAT.formatted("false"), limited).statusCode())
          .isEqualTo(200);
    }
    assertThat(fixture.post("/v1/chat/completions", CHAT.formatted("false"), limited).statusCode())
        .isEqualTo(429);
  }

  @Test
  void aClientGoneDuringAnAggregatedAnswerCancelsUpstreamAndIsReleased() throws Exception {
    fixture = new ProxyFixture(dataDir).account("acc-1");
    String key = fixture.key("--limit", "requests:daily:3");
    fixture.backend.account("acc-1").respondsWith(slowStream());
    fixture.start();

    for (int i = 0; i < ACCOUNT_SLOTS; i++) {
      String path = i % 2 == 0 ? "/v1/responses" : "/v1/chat/completions";
      String body = i % 2 == 0 ? RESPONSES.formatted("false") : CHAT.formatted("false");
      abandonAfter(path, body, key, upstreamHasIt());
      upstreamSeesItClosedWithinASecond();
    }

    fixture.backend.account("acc-1").respondsWith(Script.text("ok"));
    for (int i = 0; i < 3; i++) {
      assertThat(fixture.post("/v1/chat/completions", CHAT.formatted("false"), key).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void aSilentUpstreamYieldsKeepAliveCommentsAndTheStreamThenCompletes() {
    fixture = new ProxyFixture(dataDir).account("acc-1");
    String key = fixture.key();
    fixture
        .backend
        .account("acc-1")
        .respondsWith(Script.text("Hello there").inDeltas(2).withDelay(Duration.ofMillis(2_500)));
    fixture.start("--stream-keepalive-seconds", "1");

    HttpResponse<String> responses =
        fixture.post("/v1/responses", RESPONSES.formatted("true"), key);
    HttpResponse<String> chat = fixture.post("/v1/chat/completions", CHAT.formatted("true"), key);

    assertThat(responses.statusCode()).isEqualTo(200);
    assertThat(responses.body())
        .contains("\n: keepalive\n\n")
        .contains("event: response.completed");
    assertThat(responses.body().indexOf(": keepalive"))
        .as("the silence came after the first delta")
        .isGreaterThan(responses.body().indexOf("event: response.output_text.delta"));
    assertThat(chat.statusCode()).isEqualTo(200);
    assertThat(chat.body()).contains("\n: keepalive\n\n").endsWith("data: [DONE]\n\n");
    assertThat(fixture.post("/v1/responses", RESPONSES.formatted("false"), key).body())
        .as("an answer that is not streamed has no comment in it")
        .doesNotContain("keepalive");
  }

  @Test
  void anUpstreamSilentBeforeItsFirstContentHasTheResponseStartedAndKeptAlive() {
    fixture = new ProxyFixture(dataDir).account("acc-1");
    String key = fixture.key();
    fixture
        .backend
        .account("acc-1")
        .respondsWith(
            Script.text("Hello there").inDeltas(2).firstDeltaAfter(Duration.ofSeconds(4)));
    fixture.start("--stream-keepalive-seconds", "1");

    HttpResponse<String> responses =
        fixture.post("/backend-api/codex/responses", RESPONSES.formatted("true"), key);
    HttpResponse<String> chat = fixture.post("/v1/chat/completions", CHAT.formatted("true"), key);

    assertThat(responses.statusCode()).isEqualTo(200);
    String body = responses.body();
    assertThat(body.indexOf("event: response.created"))
        .as("the held-back events went out once the client had waited a period")
        .isNotNegative()
        .isLessThan(body.indexOf(": keepalive"));
    assertThat(body.indexOf(": keepalive"))
        .isLessThan(body.indexOf("event: response.output_text.delta"));
    assertThat(body).contains("event: response.completed");
    assertThat(chat.statusCode()).isEqualTo(200);
    assertThat(chat.body().indexOf(": keepalive"))
        .isNotNegative()
        .isLessThan(chat.body().indexOf("\"content\":\"Hello"));
    assertThat(chat.body()).endsWith("data: [DONE]\n\n");
  }

  /** A stream long enough to be left in the middle of: 6 deltas, 300 ms apart. */
  private static Script slowStream() {
    return Script.text("one two three four five six").inDeltas(6).withDelay(Duration.ofMillis(300));
  }

  private Runnable upstreamHasIt() {
    return () ->
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.backend.openExchanges() == 1);
  }

  private void upstreamSeesItClosedWithinASecond() {
    await().atMost(Duration.ofSeconds(1)).until(() -> fixture.backend.openExchanges() == 0);
  }

  /** Sends a request on a raw connection and closes it once {@code waitFirst} returned. */
  private void abandonAfter(String path, String body, String key, Runnable waitFirst)
      throws IOException {
    try (Socket socket = send(path, body, key)) {
      waitFirst.run();
    }
  }

  /** Sends a request on a raw connection and closes it at the first response line that matches. */
  private void abandonAt(String path, String body, String key, Predicate<String> leaveAt)
      throws IOException {
    try (Socket socket = send(path, body, key)) {
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null && !leaveAt.test(line)) {
        // read on to the moment to leave at
      }
      assertThat(line).as("the stream reached the point to leave at").isNotNull();
    }
  }

  private Socket send(String path, String body, String key) throws IOException {
    URI uri = URI.create(fixture.url());
    String request =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
            + key
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.getBytes(StandardCharsets.UTF_8).length
            + "\r\n\r\n"
            + body;
    Socket socket = new Socket(uri.getHost(), uri.getPort());
    socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
    return socket;
  }
}
