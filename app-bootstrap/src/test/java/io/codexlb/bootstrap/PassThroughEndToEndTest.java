package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Responses stream passed through: the client receives exactly the bytes upstream sent (upstream
 * frames every event as one {@code event:} and one {@code data:} line), written in chunks that end
 * in the middle of events and of a UTF-8 character, while the proxy still reads the usage out of
 * {@code response.completed}.
 */
class PassThroughEndToEndTest {

  private static final String COMPLETED =
      "{\"type\":\"response.completed\",\"sequence_number\":5,\"response\":{\"id\":\"resp_1\","
          + "\"status\":\"completed\",\"usage\":{\"input_tokens\":31,\"input_tokens_details\":"
          + "{\"cached_tokens\":7},\"output_tokens\":13,\"output_tokens_details\":"
          + "{\"reasoning_tokens\":2},\"total_tokens\":44}}}";

  /** What upstream sends, byte for byte. */
  private static final byte[] UPSTREAM =
      ("event: response.created\n"
              + "data: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":"
              + "{\"id\":\"resp_1\",\"status\":\"in_progress\"}}\n\n"
              + "event: response.output_item.added\n"
              + "data: {\"type\":\"response.output_item.added\",\"sequence_number\":1,"
              + "\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\"}}\n\n"
              + "event: response.output_text.delta\n"
              + "data: {\"type\":\"response.output_text.delta\",\"sequence_number\":2,"
              + "\"delta\":\"Grüße, ✓ 😀 \\\"quoted\\\" \\u00e9\"}\n\n"
              + "event: response.some_future_event\n"
              + "data: {\"type\":\"response.some_future_event\",\"sequence_number\":3,"
              + "\"number\":1.50e+3}\n\n"
              + "event: response.output_text.done\n"
              + "data: {\"type\":\"response.output_text.done\",\"sequence_number\":4,"
              + "\"text\":\"Grüße\"}\n\n"
              + "event: response.completed\n"
              + "data: "
              + COMPLETED
              + "\n\n")
          .getBytes(StandardCharsets.UTF_8);

  @TempDir Path dataDir;

  private final Vertx vertx = Vertx.vertx();
  private ProxyFixture fixture;

  @AfterEach
  void close() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void theClientReceivesUpstreamsBytesUnchangedAndTheUsageIsStillRead() throws Exception {
    HttpServer upstream = upstreamWritingInChunks();
    fixture = new ProxyFixture(dataDir);
    String key = fixture.account("acc-1").key();
    fixture.startWithUpstream("http://127.0.0.1:" + upstream.actualPort() + "/backend-api");

    HttpResponse<byte[]> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(fixture.url() + "/v1/responses"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + key)
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"gpt-5.2\",\"input\":\"hi\",\"stream\":true}"))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(new String(UPSTREAM, StandardCharsets.UTF_8));
    assertThat(response.body()).isEqualTo(UPSTREAM);
    String requestId = response.headers().firstValue("X-Request-ID").orElseThrow();

    fixture.stop();

    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("store.db"));
        Statement query = db.createStatement();
        ResultSet row =
            query.executeQuery(
                "SELECT status_code, input_tokens, cached_input_tokens, output_tokens,"
                    + " reasoning_tokens FROM request_logs WHERE request_id = '"
                    + requestId
                    + "'")) {
      assertThat(row.next()).as("a request log for %s", requestId).isTrue();
      assertThat(row.getInt("status_code")).isEqualTo(200);
      assertThat(row.getLong("input_tokens")).isEqualTo(31);
      assertThat(row.getLong("cached_input_tokens")).isEqualTo(7);
      assertThat(row.getLong("output_tokens")).isEqualTo(13);
      assertThat(row.getLong("reasoning_tokens")).isEqualTo(2);
    }
  }

  /**
   * Answers every Responses request with {@link #UPSTREAM} in chunks of 37 bytes (so chunks end
   * inside events, lines and multi-byte characters), one per event-loop turn.
   */
  private HttpServer upstreamWritingInChunks() throws Exception {
    return vertx
        .createHttpServer()
        .requestHandler(
            request -> {
              if (!request.path().endsWith("/codex/responses")) {
                request.response().setStatusCode(404).end();
                return;
              }
              request
                  .body()
                  .onComplete(
                      ignored -> {
                        HttpServerResponse response =
                            request
                                .response()
                                .setChunked(true)
                                .putHeader("content-type", "text/event-stream");
                        writeFrom(response, 0);
                      });
            })
        .listen(0, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private void writeFrom(HttpServerResponse response, int from) {
    if (from >= UPSTREAM.length) {
      response.end();
      return;
    }
    int to = Math.min(UPSTREAM.length, from + 37);
    response.write(Buffer.buffer(Arrays.copyOfRange(UPSTREAM, from, to)));
    vertx.setTimer(1, ignored -> writeFrom(response, to));
  }
}
