package io.codexlb.adapter.chatgpt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadNormalizerTest {

  @Test
  void storeIsForcedOffAndStreamOn() {
    JsonNode body = normalize("{\"model\":\"gpt-5\",\"store\":true,\"stream\":false}");

    assertThat(body.get("store").asBoolean()).isFalse();
    assertThat(body.get("stream").asBoolean()).isTrue();
    assertThat(body.get("model").asText()).isEqualTo("gpt-5");
  }

  @Test
  void unsupportedFieldsAreRemoved() {
    JsonNode body =
        normalize(
            "{\"model\":\"m\",\"max_output_tokens\":5,\"metadata\":{},\"prompt_cache_retention\":\"24h\","
                + "\"safety_identifier\":\"s\",\"temperature\":0.2,\"top_p\":1,\"truncation\":\"auto\","
                + "\"user\":\"u\"}");

    assertThat(body.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("model", "store", "stream");
  }

  @Test
  void unknownFieldsAndToolTypesPassUntouched() {
    String tools =
        "[{\"type\":\"namespace\",\"name\":\"ns\",\"tools\":[{\"type\":\"function\",\"name\":\"f\"}]},"
            + "{\"type\":\"some_future_tool\",\"x\":1.10}]";
    JsonNode body =
        normalize(
            "{\"tools\":"
                + tools
                + ",\"client_metadata\":{\"a\":\"b\"},\"prompt_cache_key\":\"k\"}");

    assertThat(body.get("tools").toString()).isEqualTo(tools);
    assertThat(body.get("client_metadata").toString()).isEqualTo("{\"a\":\"b\"}");
    assertThat(body.get("prompt_cache_key").asText()).isEqualTo("k");
  }

  @Test
  void theFastTierIsPriority() {
    assertThat(normalize("{\"service_tier\":\"fast\"}").get("service_tier").asText())
        .isEqualTo("priority");
    assertThat(normalize("{\"service_tier\":\"flex\"}").get("service_tier").asText())
        .isEqualTo("flex");
  }

  @ParameterizedTest
  @ValueSource(strings = {"auto", "default"})
  void theDefaultTiersAreLeftToUpstream(String tier) {
    assertThat(normalize("{\"service_tier\":\"" + tier + "\"}").has("service_tier")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "[1,2]", "\"text\"", "{\"unterminated\":", ""})
  void aBodyThatIsNotAJsonObjectIsSentAsItCame(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

    assertThat(PayloadNormalizer.normalize(bytes)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // Numbers exactly as written (as the exact tree kept them), fields in their order, the
        // ones added last.
        "{\"temperature\":1.5,\"n\":1.50,\"b\":12345678901234567890123,\"g\":1E2,\"s\":\"\\u00e9\\/\"}"
            + "|{\"n\":1.50,\"b\":12345678901234567890123,\"g\":1E+2,\"s\":\"é/\",\"store\":false,"
            + "\"stream\":true}",
        "{\"stream\":{\"x\":[1]},\"model\":\"m\",\"store\":[true]}"
            + "|{\"stream\":true,\"model\":\"m\",\"store\":false}",
        // A repeated key keeps its last value where its first stood, at any depth.
        "{\"a\":1,\"b\":0,\"a\":2}|{\"a\":2,\"b\":0,\"store\":false,\"stream\":true}",
        "{\"o\":{\"a\":1,\"a\":[2]}}|{\"o\":{\"a\":[2]},\"store\":false,\"stream\":true}",
        "{\"service_tier\":5,\"input\":[{\"t\":null}]}"
            + "|{\"service_tier\":5,\"input\":[{\"t\":null}],\"store\":false,\"stream\":true}"
      })
  void theBodyIsRewrittenExactlyAsTheTreeOfItWouldBe(String body, String expected) {
    byte[] normalized = PayloadNormalizer.normalize(body.getBytes(StandardCharsets.UTF_8));

    assertThat(new String(normalized, StandardCharsets.UTF_8)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"model\":\"gpt-5\",\"input\":[{\"type\":\"message\",\"role\":\"user\"}],"
            + "\"stream\":true,\"store\":false}",
        // whitespace, escapes and numbers as the client wrote them
        "{ \"store\" : false,\n  \"stream\": true, \"n\": 1.50, \"s\": \"\\u00e9\\/\" }\n",
        "{\"stream\":true,\"store\":false,\"service_tier\":\"flex\",\"o\":{\"a\":[1,{\"b\":2}]}}",
        "{\"stream\":true,\"store\":false,\"service_tier\":5,\"prompt_cache_key\":\"k\"}"
      })
  void aBodyThatNeedsNoChangeIsSentAsItCame(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

    byte[] normalized = PayloadNormalizer.normalize(bytes);

    assertThat(normalized).isSameAs(bytes);
    // What the rewrite would have sent is the same JSON.
    assertThat(Json.parse(normalized)).isEqualTo(Json.parse(rewritten(body)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"stream\":true}",
        "{\"store\":false}",
        "{\"stream\":false,\"store\":false}",
        "{\"stream\":true,\"store\":true}",
        "{\"stream\":\"true\",\"store\":false}",
        "{\"stream\":true,\"store\":null}",
        "{\"stream\":true,\"store\":false,\"temperature\":1}",
        "{\"stream\":true,\"store\":false,\"metadata\":{}}",
        "{\"stream\":true,\"store\":false,\"user\":null}",
        "{\"stream\":true,\"store\":false,\"service_tier\":\"fast\"}",
        "{\"stream\":true,\"store\":false,\"service_tier\":\"auto\"}",
        "{\"stream\":true,\"store\":false,\"service_tier\":\"default\"}",
        "{\"stream\":true,\"store\":false,\"stream\":true}",
        "{\"stream\":true,\"store\":false,\"o\":{\"a\":1,\"a\":2}}",
        "{\"stream\":true,\"store\":false} {\"x\":1}"
      })
  void aBodyThatNeedsAChangeIsRewritten(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

    byte[] normalized = PayloadNormalizer.normalize(bytes);

    assertThat(normalized).isNotSameAs(bytes);
    assertThat(new String(normalized, StandardCharsets.UTF_8)).isEqualTo(rewritten(body));
    JsonNode json = Json.parse(normalized).orElseThrow();
    assertThat(json.get("store").asBoolean(true)).isFalse();
    assertThat(json.get("stream").asBoolean(false)).isTrue();
  }

  /** What the rewrite makes of a body: the same body with a field that forces it. */
  private static String rewritten(String body) {
    String forced = body.strip().replaceFirst("^\\{", "{\"temperature\":1,");
    return new String(
        PayloadNormalizer.normalize(forced.getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8);
  }

  private static JsonNode normalize(String body) {
    byte[] normalized = PayloadNormalizer.normalize(body.getBytes(StandardCharsets.UTF_8));
    return Json.parse(normalized).orElseThrow();
  }
}
