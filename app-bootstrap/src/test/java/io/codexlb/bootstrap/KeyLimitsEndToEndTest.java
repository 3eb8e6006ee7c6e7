package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.bootstrap.cli.Console;
import io.codexlb.testkit.Script;
import io.codexlb.testkit.ScriptedUsage;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key's limits under concurrent requests, end to end: the real server, its SQLite store and the
 * testkit's fake ChatGPT answering a fixed usage. However many requests run at once, the usage
 * admitted passes {@code max_value} by at most one request's excess over its reservation ({@code
 * docs/api-keys-and-limits.md}, "The overshoot bound").
 */
class KeyLimitsEndToEndTest {

  private static final int REQUESTS = 50;
  private static final long MAX_TOKENS = 10_000;

  /** What every answer uses: 1,000 input and 4,000 output tokens. */
  private static final long TOKENS_PER_ANSWER = 5_000;

  private static final String BODY =
      "{\"model\":\"gpt-5.2\",\"input\":\"Say hello\",\"stream\":%s}";

  @TempDir Path dataDir;

  private ProxyFixture fixture;
  private final ExecutorService clients = Executors.newFixedThreadPool(REQUESTS);

  @AfterEach
  void close() {
    clients.shutdownNow();
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void fiftyConcurrentRequestsOnASmallTokenLimitOvershootByAtMostOneRequestsExcess()
      throws Exception {
    fixture = new ProxyFixture(dataDir);
    String key =
        fixture.account("acc-1").account("acc-2").key("--limit", "total_tokens:daily:10000");
    // A few deltas apart, so that the requests are in flight together.
    Script answer =
        Script.text("Hello there, this is a reply")
            .inDeltas(4)
            .withDelay(Duration.ofMillis(20))
            .usage(new ScriptedUsage(1_000, 0, 4_000, 0));
    fixture.backend.account("acc-1").respondsWith(answer);
    fixture.backend.account("acc-2").respondsWith(answer);
    fixture.start();

    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      String body = BODY.formatted(i % 2 == 0 ? "true" : "false");
      responses.add(
          CompletableFuture.supplyAsync(
              () -> {
                awaitStart(start);
                return fixture.post("/v1/responses", body, key);
              },
              clients));
    }
    start.countDown();

    int served = 0;
    for (CompletableFuture<HttpResponse<String>> future : responses) {
      HttpResponse<String> response = future.join();
      if (response.statusCode() == 200) {
        served++;
      } else {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(new JsonObject(response.body()).getJsonObject("error").getString("code"))
            .isEqualTo("rate_limit_exceeded");
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
      }
    }
    fixture.stop();

    // Each request reserved at least one token, so its excess is below its whole usage.
    long admittedUsage = served * TOKENS_PER_ANSWER;
    assertThat(served).isPositive();
    assertThat(admittedUsage).isLessThan(MAX_TOKENS + TOKENS_PER_ANSWER);
    // The backend answered exactly the requests served, and the store counted exactly their usage.
    assertThat(fixture.backend.requests()).hasSize(served);
    assertThat(storedUsage()).isEqualTo(admittedUsage);
  }

  private static void awaitStart(CountDownLatch start) {
    try {
      start.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The key's {@code total_tokens} count as the store has it, read with {@code keys list}. */
  private long storedUsage() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Console console =
        new Console(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    Launch launch =
        CodexLb.launch(
            new String[] {"keys", "list", "--data-dir", dataDir.toString()}, Map.of(), console);
    assertThat(launch).isEqualTo(new Launch.Exited(0));
    String listing = out.toString(StandardCharsets.UTF_8);
    Matcher used = Pattern.compile("total_tokens:daily:10000 \\(used (\\d+)\\)").matcher(listing);
    assertThat(used.find()).as(listing).isTrue();
    return Long.parseLong(used.group(1));
  }
}
