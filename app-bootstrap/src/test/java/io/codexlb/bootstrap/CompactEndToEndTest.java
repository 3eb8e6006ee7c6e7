package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlift.compress.zstd.ZstdOutputStream;
import io.codexlb.testkit.RecordedRequest;
import io.codexlb.testkit.Script;
import io.codexlb.testkit.ScriptedUsage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compact routes end to end (the real server, its SQLite store, the testkit's fake ChatGPT):
 * forwarded to {@code {base}/codex/responses} as a streamed, unstored request whose input ends with
 * a {@code compaction_trigger}, answered with one {@code response.compaction} object, and served
 * with the key, limits, stickiness and failover of every request. Bodies compressed as Codex
 * compresses them are served too.
 */
class CompactEndToEndTest {

  private static final List<String> COMPACT_PATHS =
      List.of(
          "/v1/responses/compact",
          "/backend-api/codex/responses/compact",
          "/backend-api/codex/v1/responses/compact");

  /** What Codex CLI sends to compact a conversation (tools and all). */
  private static final String COMPACT_BODY =
      "{\"model\":\"gpt-5.1-codex\",\"instructions\":\"You are Codex.\","
          + "\"input\":[{\"type\":\"message\",\"role\":\"user\","
          + "\"content\":[{\"type\":\"input_text\",\"text\":\"Fix the bug\"}]},"
          + "{\"type\":\"message\",\"role\":\"assistant\","
          + "\"content\":[{\"type\":\"output_text\",\"text\":\"Done.\"}]}],"
          + "\"tools\":[{\"type\":\"function\",\"name\":\"exec_command\",\"parameters\":{}}],"
          + "\"parallel_tool_calls\":true,\"reasoning\":{\"effort\":\"medium\"},"
          + "\"prompt_cache_key\":\"%s\"}";

  private static final ScriptedUsage USAGE = new ScriptedUsage(900, 100, 40, 10);

  @TempDir Path dataDir;

  private ProxyFixture fixture;

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private ProxyFixture fixture() {
    fixture = new ProxyFixture(dataDir);
    return fixture;
  }

  @Test
  void bothCompactRoutesForwardATriggeredStreamAndAnswerOneCompactionObject() {
    String key = fixture().account("acc-1").key();
    fixture.start();
    fixture.backend.account("acc-1").respondsWith(Script.text("unused").usage(USAGE));

    for (String path : COMPACT_PATHS) {
      fixture.backend.reset();
      fixture.backend.account("acc-1").respondsWith(Script.text("unused").usage(USAGE));

      HttpResponse<String> response = fixture.post(path, COMPACT_BODY.formatted("thread-1"), key);

      assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
      JsonObject answer = new JsonObject(response.body());
      assertThat(answer.getString("object")).isEqualTo("response.compaction");
      assertThat(answer.getString("id")).startsWith("resp_fake_");
      JsonArray output = answer.getJsonArray("output");
      assertThat(output).hasSize(1);
      assertThat(output.getJsonObject(0).getString("type")).isEqualTo("compaction");
      assertThat(output.getJsonObject(0).getString("id")).startsWith("cmp_fake_");
      assertThat(output.getJsonObject(0).getString("encrypted_content"))
          .startsWith("fake-compaction:resp_fake_");
      assertThat(answer.getJsonObject("usage").getInteger("input_tokens")).isEqualTo(900);
      assertThat(answer.getJsonObject("usage").getInteger("output_tokens")).isEqualTo(40);

      RecordedRequest forwarded = fixture.backend.requests().get(0);
      assertThat(forwarded.path()).as(path).isEqualTo("/backend-api/codex/responses");
      assertThat(forwarded.header("Authorization")).hasValue("Bearer access-acc-1");
      JsonObject sent = forwarded.json();
      assertThat(sent.getBoolean("store")).isFalse();
      assertThat(sent.getBoolean("stream")).isTrue();
      assertThat(sent.getBoolean("parallel_tool_calls")).isFalse();
      assertThat(sent.containsKey("tools")).isFalse();
      assertThat(sent.getString("instructions")).isEqualTo("You are Codex.");
      assertThat(sent.getJsonObject("reasoning").getString("effort")).isEqualTo("medium");
      JsonArray input = sent.getJsonArray("input");
      assertThat(input).hasSize(3);
      assertThat(input.getJsonObject(0).getString("role")).isEqualTo("user");
      assertThat(input.getJsonObject(1).getString("role")).isEqualTo("assistant");
      assertThat(input.getJsonObject(2))
          .isEqualTo(new JsonObject().put("type", "compaction_trigger"));
    }
  }

  @Test
  void aCompactionsUsageIsCountedAgainstTheKeyAndLogged() throws Exception {
    String key = fixture().account("acc-1").key("--limit", "total_tokens:daily:1000000");
    fixture.start();
    fixture.backend.account("acc-1").respondsWith(Script.text("unused").usage(USAGE));

    HttpResponse<String> response =
        fixture.post("/backend-api/codex/responses/compact", COMPACT_BODY.formatted("t-2"), key);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String requestId = response.headers().firstValue("X-Request-ID").orElseThrow();

    fixture.stop();

    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("store.db"));
        Statement query = db.createStatement()) {
      try (ResultSet row =
          query.executeQuery(
              "SELECT account_id, model, status_code, input_tokens, output_tokens,"
                  + " cached_input_tokens, reasoning_tokens FROM request_logs"
                  + " WHERE request_id = '"
                  + requestId
                  + "'")) {
        assertThat(row.next()).as("a request log for %s", requestId).isTrue();
        assertThat(row.getString("account_id")).isEqualTo("acc-1");
        assertThat(row.getString("model")).isEqualTo("gpt-5.1-codex");
        assertThat(row.getInt("status_code")).isEqualTo(200);
        assertThat(row.getLong("input_tokens")).isEqualTo(900);
        assertThat(row.getLong("output_tokens")).isEqualTo(40);
        assertThat(row.getLong("cached_input_tokens")).isEqualTo(100);
        assertThat(row.getLong("reasoning_tokens")).isEqualTo(10);
      }
      try (ResultSet limit =
          query.executeQuery(
              "SELECT current_value FROM api_key_limits WHERE limit_type = 'total_tokens'")) {
        assertThat(limit.next()).isTrue();
        assertThat(limit.getLong("current_value")).as("input + output tokens").isEqualTo(940);
      }
    }
  }

  @Test
  void aCompactionStaysOnItsSessionsAccountAndFailsOverWhenItIsLimited() {
    String key = fixture().account("acc-1").account("acc-2").account("acc-3").key();
    fixture.start();
    String turn = "{\"model\":\"gpt-5.1-codex\",\"input\":\"hi\",\"prompt_cache_key\":\"s-3\"}";
    assertThat(fixture.post("/backend-api/codex/responses", turn, key).statusCode()).isEqualTo(200);
    String pinned = fixture.backend.requests().get(0).accountId().orElseThrow();

    HttpResponse<String> sticky =
        fixture.post("/backend-api/codex/responses/compact", COMPACT_BODY.formatted("s-3"), key);
    assertThat(sticky.statusCode()).as(sticky.body()).isEqualTo(200);
    assertThat(fixture.backend.requests().get(1).accountId()).hasValue(pinned);

    fixture.backend.account(pinned).rateLimited(Instant.now().plusSeconds(3_600));
    HttpResponse<String> movedOn =
        fixture.post("/backend-api/codex/responses/compact", COMPACT_BODY.formatted("s-3"), key);

    assertThat(movedOn.statusCode()).as(movedOn.body()).isEqualTo(200);
    assertThat(new JsonObject(movedOn.body()).getString("object")).isEqualTo("response.compaction");
    List<String> served =
        fixture.backend.requests().stream().map(r -> r.accountId().orElseThrow()).toList();
    assertThat(served).hasSize(4);
    assertThat(served.get(2)).as("tried the pin first").isEqualTo(pinned);
    assertThat(served.get(3)).isNotEqualTo(pinned);
  }

  @Test
  void aCompactionIsRefusedAsAnyRequestIs() {
    String key = fixture().account("acc-1").key("--allowed-models", "gpt-5.5");
    fixture.start();

    HttpResponse<String> noKey =
        Http.post(fixture.url() + "/v1/responses/compact", COMPACT_BODY.formatted("t"));
    HttpResponse<String> model =
        fixture.post("/v1/responses/compact", COMPACT_BODY.formatted("t"), key);
    HttpResponse<String> noModel = fixture.post("/v1/responses/compact", "{\"input\":[]}", key);

    assertThat(noKey.statusCode()).isEqualTo(401);
    assertThat(model.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(model.body()).getJsonObject("error").getString("code"))
        .isEqualTo("model_not_allowed");
    assertThat(noModel.statusCode()).isEqualTo(400);
    assertThat(fixture.backend.requests()).isEmpty();
  }

  @Test
  void bodiesCompressedWithZstdOrGzipAreServedAndOthersAre415() throws Exception {
    String key = fixture().account("acc-1").key();
    fixture.start();
    fixture.backend.account("acc-1").respondsWith(Script.text("unused").usage(USAGE));
    byte[] body = COMPACT_BODY.formatted("t-z").getBytes(StandardCharsets.UTF_8);
    String turn = "{\"model\":\"gpt-5.1-codex\",\"input\":\"hi\",\"stream\":true}";

    HttpResponse<String> compact =
        postEncoded("/backend-api/codex/responses/compact", "zstd", zstd(body), key);
    HttpResponse<String> stream =
        postEncoded(
            "/backend-api/codex/responses",
            "gzip",
            gzip(turn.getBytes(StandardCharsets.UTF_8)),
            key);
    HttpResponse<String> brotli =
        postEncoded("/backend-api/codex/responses", "br", new byte[] {1, 2, 3}, key);

    assertThat(compact.statusCode()).as(compact.body()).isEqualTo(200);
    assertThat(new JsonObject(compact.body()).getString("object")).isEqualTo("response.compaction");
    assertThat(stream.statusCode()).as(stream.body()).isEqualTo(200);
    assertThat(stream.body()).contains("event: response.completed");
    assertThat(brotli.statusCode()).isEqualTo(415);
    assertThat(new JsonObject(brotli.body()).getJsonObject("error").getString("code"))
        .isEqualTo("unsupported_content_encoding");
    List<RecordedRequest> forwarded = fixture.backend.requests();
    assertThat(forwarded).hasSize(2);
    for (RecordedRequest request : forwarded) {
      assertThat(request.header("Content-Encoding")).as("upstream gets plain JSON").isEmpty();
      assertThat(request.json().getString("model")).isEqualTo("gpt-5.1-codex");
    }
  }

  private HttpResponse<String> postEncoded(String path, String coding, byte[] body, String key)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(fixture.url() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Content-Encoding", coding)
            .header("Authorization", "Bearer " + key)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] zstd(byte[] body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new ZstdOutputStream(bytes)) {
      out.write(body);
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(body);
    }
    return bytes.toByteArray();
  }
}
