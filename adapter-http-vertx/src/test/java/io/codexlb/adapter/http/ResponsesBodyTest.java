package io.codexlb.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexlb.port.in.ProxyResponsesCommand;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponsesBodyTest {

  private static ResponsesBody read(String json) throws ResponsesBody.Invalid {
    return ResponsesBody.read(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsModelStreamAndPromptCacheKeyAndSkipsEverythingElse() throws Exception {
    ResponsesBody body =
        read(
            "{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"x\"}]}],"
                + "\"model\":\"gpt-5.2\",\"tools\":[],\"stream\":true,\"prompt_cache_key\":\"s-1\"}");

    assertThat(body).isEqualTo(new ResponsesBody("gpt-5.2", true, Optional.of("s-1")));
  }

  @Test
  void messagesWithoutInputAreNoticed() throws Exception {
    assertThat(read("{\"model\":\"m\",\"messages\":[]}").messagesWithoutInput()).isTrue();
    assertThat(read("{\"model\":\"m\",\"messages\":[],\"input\":\"x\"}").messagesWithoutInput())
        .isFalse();
    assertThat(read("{\"model\":\"m\",\"messages\":null}").messagesWithoutInput()).isFalse();
    assertThat(read("{\"model\":\"m\",\"input\":\"x\"}").messagesWithoutInput()).isFalse();
  }

  @Test
  void streamAbsentOrNullMeansNoStream() throws Exception {
    assertThat(read("{\"model\":\"m\"}").stream()).isFalse();
    assertThat(read("{\"model\":\"m\",\"stream\":null}").stream()).isFalse();
    assertThat(read("{\"model\":\"m\",\"prompt_cache_key\":null}").promptCacheKey()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                  | Request body is empty",
        "[1,2]                               | must be a JSON object",
        "{\"model\":                         | Invalid JSON body",
        "{\"model\":\"m\"} {}                 | unexpected content after the object",
        "{\"input\":\"hi\"}                   | Missing required field: model",
        "{\"model\":\"  \"}                   | Missing required field: model",
        "{\"model\":5}                        | Invalid field model: expected a string",
        "{\"model\":\"m\",\"stream\":\"yes\"} | Invalid field stream: expected true or false",
        "{\"model\":\"m\",\"prompt_cache_key\":[1]} | Invalid field prompt_cache_key: expected a string",
      })
  void aBodyThatCannotBeServedNamesTheProblem(String json, String message) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOf(ResponsesBody.Invalid.class)
        .hasMessageContaining(message);
  }

  @Test
  void aModelOrPromptCacheKeyLongerThanTheProxyKeepsIsRefusedNamingTheField() throws Exception {
    String longModel = "m".repeat(ProxyResponsesCommand.MAX_MODEL_LENGTH + 1);
    String longKey = "k".repeat(ProxyResponsesCommand.MAX_SESSION_KEY_LENGTH + 1);

    assertThatThrownBy(() -> read("{\"model\":\"" + longModel + "\"}"))
        .isInstanceOf(ResponsesBody.Invalid.class)
        .hasMessage(
            "Invalid field model: longer than "
                + ProxyResponsesCommand.MAX_MODEL_LENGTH
                + " characters");
    assertThatThrownBy(() -> read("{\"model\":\"m\",\"prompt_cache_key\":\"" + longKey + "\"}"))
        .isInstanceOf(ResponsesBody.Invalid.class)
        .hasMessage(
            "Invalid field prompt_cache_key: longer than "
                + ProxyResponsesCommand.MAX_SESSION_KEY_LENGTH
                + " characters");
    String longest = "m".repeat(ProxyResponsesCommand.MAX_MODEL_LENGTH);
    assertThat(read("{\"model\":\"" + longest + "\"}").model()).isEqualTo(longest);
  }
}
