package io.codexlb.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.domain.upstream.UpstreamEvent;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExchangeTest {

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aResponsesBodyIsForwardedAsItIsAndItsEventsPassThrough() throws Exception {
    byte[] body = bytes("{\"model\":\"m\",\"input\":\"hi\",\"stream\":true}");

    Exchange exchange = Exchange.responses(body);

    assertThat(exchange.upstreamBody()).isSameAs(body);
    assertThat(exchange.stream()).isTrue();
    UpstreamEvent event = new UpstreamEvent.Passed("x", "{}");
    assertThat(exchange.frames().apply(event).toString()).isEqualTo("event: x\ndata: {}\n\n");
    ObjectNode answer = JsonResponses.object().put("object", "response");
    assertThat(exchange.answer().apply(answer)).isSameAs(answer);
  }

  @Test
  void aResponsesBodyWithMessagesIsForwardedWithInputInstead() throws Exception {
    Exchange exchange =
        Exchange.responses(
            bytes("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));

    JsonObject forwarded =
        new JsonObject(new String(exchange.upstreamBody(), StandardCharsets.UTF_8));
    assertThat(forwarded.containsKey("messages")).isFalse();
    assertThat(forwarded.getJsonArray("input").getJsonObject(0).getString("role"))
        .isEqualTo("user");
    assertThat(exchange.model()).isEqualTo("m");
  }

  @Test
  void aResponsesBodyWithBadMessagesIsInvalidNamingTheField() {
    assertThatThrownBy(
            () -> Exchange.responses(bytes("{\"model\":\"m\",\"messages\":[{\"role\":\"x\"}]}")))
        .isInstanceOf(ResponsesBody.Invalid.class)
        .hasMessageContaining("messages[0].role");
  }

  @Test
  void aChatBodyIsTranslatedAndItsEventsBecomeDataLines() throws Exception {
    Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);
    Exchange exchange =
        new ChatCompletionsExchange(clock)
            .read(
                bytes(
                    "{\"model\":\"m\",\"stream\":true,\"prompt_cache_key\":\"s\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));

    assertThat(exchange.stream()).isTrue();
    assertThat(exchange.promptCacheKey()).isEqualTo(Optional.of("s"));
    assertThat(new String(exchange.upstreamBody(), StandardCharsets.UTF_8)).contains("\"input\"");
    assertThat(
            exchange.frames().apply(new UpstreamEvent.Passed("codex.rate_limits", "{}")).length())
        .isZero();
    String frame =
        exchange
            .frames()
            .apply(new UpstreamEvent.Passed("response.output_text.delta", "{\"delta\":\"Hi\"}"))
            .toString();
    assertThat(frame).startsWith("data: {").endsWith("}\n\n").doesNotContain("event:");
    assertThat(new JsonObject(frame.substring(6).strip()).getLong("created"))
        .isEqualTo(1_700_000_000L);
  }

  @Test
  void chunksAreFramedOneDataLineEach() {
    assertThat(ChatCompletionsExchange.frames(List.of("{\"a\":1}", "[DONE]")).toString())
        .isEqualTo("data: {\"a\":1}\n\ndata: [DONE]\n\n");
    assertThat(ChatCompletionsExchange.frames(List.of()).length()).isZero();
  }

  @Test
  void aBadChatBodyIsInvalidNamingTheField() {
    assertThatThrownBy(
            () ->
                new ChatCompletionsExchange(Clock.systemUTC())
                    .read(bytes("{\"model\":\"m\",\"messages\":[],\"n\":3}")))
        .isInstanceOf(ResponsesBody.Invalid.class)
        .hasMessage("n: 3 (expected: 1; codex-lb answers with one choice)");
  }
}
