package io.codexlb.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FakeChatGptBackendStreamTest {

  private static final String BODY =
      "{\"model\":\"gpt-5.1-codex\",\"stream\":true,\"store\":false}";

  @RegisterExtension static final BackendExtension BACKEND = new BackendExtension();

  private final FakeChatGptBackend backend = BACKEND.backend();

  private Exchange call(String account) {
    return Exchange.post(backend.responsesUrl(), Map.of("chatgpt-account-id", account), BODY);
  }

  @Test
  void streamsTheTextInTheScriptedNumberOfDeltasInTheBackendsEventOrder() {
    backend.account("acct-1").respondsWith(Script.text("Hello world").inDeltas(5));

    Exchange exchange = call("acct-1");

    assertThat(exchange.status()).isEqualTo(200);
    assertThat(exchange.header("content-type")).startsWith("text/event-stream");
    assertThat(exchange.cut()).isFalse();
    assertThat(exchange.deltaCount()).isEqualTo(5);
    assertThat(exchange.deltaText()).isEqualTo("Hello world");
    assertThat(exchange.eventTypes())
        .containsSubsequence(
            "response.created",
            "response.output_item.added",
            "response.output_text.delta",
            "response.output_text.done",
            "response.output_item.done",
            "response.completed")
        .endsWith("response.completed");
  }

  @Test
  void aRequestEndingWithACompactionTriggerIsAnsweredWithOneCompactionItem() {
    backend
        .account("acct-1")
        .respondsWith(Script.text("ignored").usage(new ScriptedUsage(900, 0, 40, 0)));
    String body =
        "{\"model\":\"gpt-5.1-codex\",\"stream\":true,\"store\":false,\"input\":["
            + "{\"type\":\"message\",\"role\":\"user\",\"content\":\"hi\"},"
            + "{\"type\":\"compaction_trigger\"}]}";

    Exchange exchange =
        Exchange.post(backend.responsesUrl(), Map.of("chatgpt-account-id", "acct-1"), body);

    assertThat(exchange.status()).isEqualTo(200);
    assertThat(exchange.eventTypes())
        .containsExactly(
            "response.created",
            "response.output_item.added",
            "response.output_item.done",
            "response.completed");
    JsonObject done = exchange.events().get(2).getJsonObject("item");
    assertThat(done.getString("type")).isEqualTo("compaction");
    assertThat(done.getString("encrypted_content")).startsWith("fake-compaction:resp_fake_");
    JsonObject response = exchange.events().get(3).getJsonObject("response");
    assertThat(response.getJsonArray("output").getJsonObject(0)).isEqualTo(done);
    assertThat(response.getJsonObject("usage").getInteger("input_tokens")).isEqualTo(900);
    assertThat(response.getJsonObject("usage").getInteger("output_tokens")).isEqualTo(40);
  }

  @Test
  void aTriggerThatIsNotTheLastInputItemIsAnOrdinaryRequest() {
    backend.account("acct-1").respondsWith(Script.text("Hello"));
    String body =
        "{\"model\":\"gpt-5.1-codex\",\"input\":[{\"type\":\"compaction_trigger\"},"
            + "{\"type\":\"message\",\"role\":\"user\",\"content\":\"hi\"}]}";

    Exchange exchange =
        Exchange.post(backend.responsesUrl(), Map.of("chatgpt-account-id", "acct-1"), body);

    assertThat(exchange.deltaText()).isEqualTo("Hello");
  }

  @Test
  void aFunctionCallScriptStreamsTheCallsItemAndArgumentsWithoutAMessage() {
    backend
        .account("acct-1")
        .respondsWith(
            Script.functionCall("call_1", "weather", "{\"city\":\"Paris\"}")
                .withFunctionCall(new FunctionCall("call_2", "time", "{}")));

    Exchange exchange = call("acct-1");

    assertThat(exchange.eventTypes())
        .doesNotContain("response.output_text.delta", "response.content_part.added")
        .containsSubsequence(
            "response.created",
            "response.output_item.added",
            "response.function_call_arguments.delta",
            "response.function_call_arguments.done",
            "response.output_item.done",
            "response.output_item.added",
            "response.completed");
    StringBuilder arguments = new StringBuilder();
    for (JsonObject event : exchange.events()) {
      if ("response.function_call_arguments.delta".equals(event.getString("type"))
          && event.getString("item_id").endsWith("_0")) {
        arguments.append(event.getString("delta"));
      }
    }
    assertThat(arguments).hasToString("{\"city\":\"Paris\"}");
    JsonObject added = exchange.events().get(1).getJsonObject("item");
    assertThat(added.getString("type")).isEqualTo("function_call");
    assertThat(added.getString("call_id")).isEqualTo("call_1");
    assertThat(added.getString("name")).isEqualTo("weather");
    JsonObject completed = last(exchange).getJsonObject("response");
    assertThat(completed.getJsonArray("output")).hasSize(2);
    assertThat(completed.getJsonArray("output").getJsonObject(1).getString("arguments"))
        .isEqualTo("{}");
  }

  @Test
  void textAndAFunctionCallComeAsAMessageThenTheCall() {
    backend
        .account("acct-1")
        .respondsWith(Script.text("Checking.").withFunctionCall(new FunctionCall("c", "f", "{}")));

    Exchange exchange = call("acct-1");

    assertThat(exchange.deltaText()).isEqualTo("Checking.");
    JsonObject completed = last(exchange).getJsonObject("response");
    assertThat(completed.getJsonArray("output").getJsonObject(0).getString("type"))
        .isEqualTo("message");
    assertThat(completed.getJsonArray("output").getJsonObject(1).getString("type"))
        .isEqualTo("function_call");
  }

  @Test
  void numbersEveryEventInSequenceAndEchoesTheRequestedModel() {
    Exchange exchange = call("acct-1");

    List<JsonObject> events = exchange.events();
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).getInteger("sequence_number")).isEqualTo(i);
    }
    assertThat(events.get(0).getJsonObject("response").getString("model"))
        .isEqualTo("gpt-5.1-codex");
  }

  @Test
  void reportsTheScriptedUsageInResponseCompleted() {
    backend.account("acct-1").respondsWith(Script.text("Hi").usage(new ScriptedUsage(12, 2, 5, 1)));

    JsonObject completed = last(call("acct-1"));

    assertThat(completed.getString("type")).isEqualTo("response.completed");
    JsonObject usage = completed.getJsonObject("response").getJsonObject("usage");
    assertThat(usage.getInteger("input_tokens")).isEqualTo(12);
    assertThat(usage.getJsonObject("input_tokens_details").getInteger("cached_tokens"))
        .isEqualTo(2);
    assertThat(usage.getInteger("output_tokens")).isEqualTo(5);
    assertThat(usage.getJsonObject("output_tokens_details").getInteger("reasoning_tokens"))
        .isEqualTo(1);
    assertThat(usage.getInteger("total_tokens")).isEqualTo(17);
    assertThat(
            completed
                .getJsonObject("response")
                .getJsonArray("output")
                .getJsonObject(0)
                .getJsonArray("content")
                .getJsonObject(0)
                .getString("text"))
        .isEqualTo("Hi");
  }

  @Test
  void waitsTheScriptedDelayBetweenDeltas() {
    backend
        .account("acct-1")
        .respondsWith(Script.text("abcd").inDeltas(4).withDelay(Duration.ofMillis(60)));

    long started = System.nanoTime();
    Exchange exchange = call("acct-1");
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(exchange.deltaText()).isEqualTo("abcd");
    // Three pauses between four deltas: a lower bound, whatever the machine's speed.
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(180));
  }

  @Test
  void sendsQuotaHeadersAndACodexRateLimitsEvent() {
    Quota quota = Quota.used(42.5, 7).primaryResetsAfter(Duration.ofSeconds(600));
    backend.account("acct-1").respondsWith(Script.text("Hi").quota(quota));

    Exchange exchange = call("acct-1");

    assertThat(exchange.header("x-codex-primary-used-percent")).isEqualTo("42.5");
    assertThat(exchange.header("x-codex-primary-window-minutes")).isEqualTo("300");
    assertThat(exchange.header("x-codex-primary-reset-after-seconds")).isEqualTo("600");
    assertThat(exchange.header("x-codex-primary-reset-at")).isNotBlank();
    assertThat(exchange.header("x-codex-secondary-used-percent")).isEqualTo("7.0");
    assertThat(exchange.header("x-codex-secondary-window-minutes")).isEqualTo("10080");
    JsonObject rateLimits =
        exchange.events().stream()
            .filter(event -> event.getString("type").equals("codex.rate_limits"))
            .findFirst()
            .orElseThrow()
            .getJsonObject("rate_limits");
    assertThat(rateLimits.getJsonObject("primary").getDouble("used_percent")).isEqualTo(42.5);
    assertThat(rateLimits.getJsonObject("primary").getLong("reset_at"))
        .isEqualTo(Long.parseLong(exchange.header("x-codex-primary-reset-at")));
    assertThat(rateLimits.getJsonObject("secondary").getInteger("window_minutes"))
        .isEqualTo(10_080);
  }

  @Test
  void sendsNoQuotaWhenNoneIsScripted() {
    Exchange exchange = call("acct-1");

    assertThat(exchange.header("x-codex-primary-used-percent")).isNull();
    assertThat(exchange.eventTypes()).doesNotContain("codex.rate_limits");
  }

  @Test
  void cutsTheConnectionAfterTheScriptedDeltasWithoutATerminalEvent() throws IOException {
    backend.account("acct-1").cutsAfter(3);

    // A raw socket shows the cut as it is on the wire; HTTP clients may drop what preceded it.
    String received;
    try (Socket socket = new Socket("127.0.0.1", backend.port())) {
      socket
          .getOutputStream()
          .write(
              ("POST /backend-api/codex/responses HTTP/1.1\r\nHost: x\r\n"
                      + "chatgpt-account-id: acct-1\r\nContent-Length: 2\r\n\r\n{}")
                  .getBytes(StandardCharsets.US_ASCII));
      received = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(received).startsWith("HTTP/1.1 200");
    assertThat(received.split("event: response.output_text.delta", -1)).hasSize(4);
    assertThat(received)
        .doesNotContain("response.completed", "response.failed", "response.output_text.done")
        // The last chunk of a complete chunked body, absent from a cut one.
        .doesNotEndWith("0\r\n\r\n");
  }

  @Test
  void reportsACutStreamAsAnErrorToAnHttpClient() {
    backend.account("acct-1").cutsAfter(3);

    Exchange exchange = call("acct-1");

    assertThat(exchange.status()).isEqualTo(200);
    assertThat(exchange.cut()).isTrue();
    assertThat(exchange.eventTypes()).doesNotContain("response.completed");
  }

  @Test
  void failsInsideTheStreamWithServerIsOverloaded() {
    backend.account("acct-1").overloaded();

    Exchange exchange = call("acct-1");

    assertThat(exchange.status()).isEqualTo(200);
    assertThat(exchange.cut()).isFalse();
    assertThat(exchange.eventTypes()).doesNotContain("response.completed");
    JsonObject failed = last(exchange);
    assertThat(failed.getString("type")).isEqualTo("response.failed");
    assertThat(failed.getJsonObject("response").getString("status")).isEqualTo("failed");
    assertThat(failed.getJsonObject("response").getJsonObject("error").getString("code"))
        .isEqualTo("server_is_overloaded");
  }

  @Test
  void canBeOverloadedAfterSomeText() {
    backend.account("acct-1").respondsWith(Script.text("abcdef").inDeltas(3).overloadedAfter(2));

    Exchange exchange = call("acct-1");

    assertThat(exchange.deltaText()).isEqualTo("abcd");
    assertThat(last(exchange).getString("type")).isEqualTo("response.failed");
  }

  @Test
  void holdsTheFirstByteForTheScriptedDelay() {
    backend.account("acct-1").slowFirstByte(Duration.ofMillis(300));

    long started = System.nanoTime();
    Exchange exchange = call("acct-1");
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(exchange.status()).isEqualTo(200);
    assertThat(exchange.eventTypes()).endsWith("response.completed");
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void servesAShortTextInAsManyDeltasAsItHasCharacters() {
    backend.account("acct-1").respondsWith(Script.text("ab").inDeltas(10));

    Exchange exchange = call("acct-1");

    assertThat(exchange.deltaCount()).isEqualTo(2);
    assertThat(exchange.deltaText()).isEqualTo("ab");
  }

  private static JsonObject last(Exchange exchange) {
    List<JsonObject> events = exchange.events();
    return events.get(events.size() - 1);
  }
}
