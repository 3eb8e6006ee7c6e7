package io.codexlb.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ObjectMappers;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.time.Duration;
import java.util.List;

/**
 * The official OpenAI Java SDK as an application would set it up against codex-lb: the proxy's
 * {@code /v1} as base URL and an {@code sk-clb-} key as the API key. Retries are off so that each
 * call is one request and each error reaches the test as the SDK first maps it.
 */
final class OpenAiSdk {

  private OpenAiSdk() {}

  /** A client for {@code proxyUrl + "/v1"} with {@code key}. */
  static OpenAIClient client(String proxyUrl, String key) {
    return OpenAIOkHttpClient.builder()
        .baseUrl(proxyUrl + "/v1")
        .apiKey(key)
        .maxRetries(0)
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  /** {@code responses.create} parameters: one user message for {@code model}. */
  static ResponseCreateParams ask(String model, String prompt) {
    return ResponseCreateParams.builder().model(model).input(prompt).build();
  }

  /** The text of every {@code output_text} part of every message of {@code response}, joined. */
  static String outputText(Response response) {
    StringBuilder text = new StringBuilder();
    response.output().stream()
        .flatMap(item -> item.message().stream())
        .flatMap(message -> message.content().stream())
        .flatMap(content -> content.outputText().stream())
        .forEach(part -> text.append(part.text()));
    return text.toString();
  }

  /** Every event of a streamed response, in the order the SDK delivered them. */
  static List<ResponseStreamEvent> stream(OpenAIClient client, ResponseCreateParams params) {
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
      return stream.stream().toList();
    }
  }

  /** The wire {@code type} of an event, known to the SDK or not (such as {@code codex.*}). */
  static String type(ResponseStreamEvent event) {
    return json(event).path("type").asText();
  }

  /** The {@code sequence_number} of an event, or -1 when it has none. */
  static long sequenceNumber(ResponseStreamEvent event) {
    return json(event).path("sequence_number").asLong(-1);
  }

  /**
   * The {@code model} of a response as it was on the wire: the SDK reads a known name into its
   * model enums, so {@code response.model().asString()} works only for names it does not know.
   */
  static String model(Response response) {
    return json(response).path("model").asText();
  }

  private static JsonNode json(Object sdkValue) {
    return ObjectMappers.jsonMapper().valueToTree(sdkValue);
  }

  /** How a call to the server ends for the SDK: a value, or the exception it threw. */
  enum Call {
    /** {@code client.responses().create(params)}. */
    NON_STREAMING {
      @Override
      void run(OpenAIClient client, ResponseCreateParams params) {
        client.responses().create(params);
      }
    },
    /** {@code client.responses().createStreaming(params)}, read to the end. */
    STREAMING {
      @Override
      void run(OpenAIClient client, ResponseCreateParams params) {
        stream(client, params);
      }
    };

    abstract void run(OpenAIClient client, ResponseCreateParams params);
  }

  /** The {@code error} object of a refused call, as the SDK exposes it. */
  static ErrorBody errorBody(OpenAIServiceException error) {
    JsonNode message = error.body().convert(JsonNode.class).path("message");
    return new ErrorBody(
        error.code().orElse(null), error.type().orElse(null), message.asText(null));
  }

  /** The fields of the OpenAI error envelope a client reads. */
  record ErrorBody(String code, String type, String message) {}
}
