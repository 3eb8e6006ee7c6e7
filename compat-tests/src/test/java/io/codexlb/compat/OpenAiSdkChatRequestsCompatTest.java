package io.codexlb.compat;

import static io.codexlb.compat.OpenAiChat.ask;
import static io.codexlb.compat.OpenAiSdk.errorBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.OpenAIServiceException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.ChatCompletionUserMessageParam;
import com.openai.models.chat.completions.StructuredChatCompletionCreateParams;
import io.codexlb.compat.OpenAiChat.Call;
import io.codexlb.testkit.FakeChatGptBackend;
import io.codexlb.testkit.FunctionCall;
import io.codexlb.testkit.Script;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the OpenAI Java SDK's chat requests become upstream (a conversation with tool results,
 * system and developer messages, a reasoning effort), a streamed structured answer, and the
 * outcomes only chat has: {@code n} other than 1, and an upstream cut after the first chunks.
 */
class OpenAiSdkChatRequestsCompatTest {

  private static final String ACCOUNT = "acc-chat-requests";
  private static final String MODEL = "gpt-5.1-codex";
  private static final String ANSWER = "It is sunny in Paris at noon.";

  @TempDir static Path dataDir;

  @AutoClose private static CompatServer server;
  private static FakeChatGptBackend backend;
  private static OpenAIClient client;

  @BeforeAll
  static void startServer() {
    server = CompatServer.in(dataDir).account(ACCOUNT).key("open").start();
    backend = server.backend();
    client = OpenAiSdk.client(server.proxyUrl(), server.key("open"));
  }

  @BeforeEach
  void scriptTheAccount() {
    server.rescript(ACCOUNT, Script.text(ANSWER).inDeltas(3));
  }

  @Test
  void aConversationWithToolResultsReachesUpstreamAsFunctionCallItems() {
    backend
        .account(ACCOUNT)
        .once(
            Script.functionCall("call_weather", "get_weather", "{\"city\":\"Paris\"}")
                .withFunctionCall(new FunctionCall("call_time", "get_time", "{}")));
    ChatCompletionCreateParams first =
        ChatCompletionCreateParams.builder()
            .model(MODEL)
            .addSystemMessage("You are terse.")
            .addDeveloperMessage("Use the tools.")
            .addUserMessage("Weather and time in Paris?")
            .addTool(OpenAiSdkChatCompatTest.GetWeather.class)
            .reasoningEffort(ReasoningEffort.LOW)
            .build();
    ChatCompletionMessage calls =
        client.chat().completions().create(first).choices().get(0).message();

    ChatCompletion answer =
        client
            .chat()
            .completions()
            .create(
                first.toBuilder()
                    .addMessage(calls)
                    .addMessage(toolResult("call_weather", "{\"sky\":\"sunny\"}"))
                    .addMessage(toolResult("call_time", "12:00"))
                    .build());

    assertThat(answer.choices().get(0).message().content()).contains(ANSWER);
    List<JsonObject> upstream =
        backend.requestsFor(ACCOUNT).stream().map(request -> request.json()).toList();
    assertThat(upstream).hasSize(2);
    JsonObject second = upstream.get(1);
    assertThat(second.getString("instructions")).isEqualTo("You are terse.\nUse the tools.");
    assertThat(second.getJsonObject("reasoning").getString("effort")).isEqualTo("low");
    assertThat(
            second.getJsonArray("input").stream()
                .map(JsonObject.class::cast)
                .map(OpenAiSdkChatRequestsCompatTest::describeItem))
        .containsExactly(
            "message user Weather and time in Paris?",
            "function_call call_weather get_weather {\"city\":\"Paris\"}",
            "function_call call_time get_time {}",
            "function_call_output call_weather {\"sky\":\"sunny\"}",
            "function_call_output call_time 12:00");
  }

  @Test
  void aStreamedStructuredAnswerParsesIntoTheSdksClass() {
    String json = "{\"name\":\"Lyon\",\"country\":\"France\",\"population\":522250}";
    server.rescript(ACCOUNT, Script.text(json).inDeltas(4));
    StructuredChatCompletionCreateParams<OpenAiSdkChatCompatTest.City> params =
        ChatCompletionCreateParams.builder()
            .model(MODEL)
            .addUserMessage("The third city of France?")
            .responseFormat(OpenAiSdkChatCompatTest.City.class)
            .build();

    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(accumulator::accumulate);
    }

    OpenAiSdkChatCompatTest.City city =
        accumulator
            .chatCompletion(OpenAiSdkChatCompatTest.City.class)
            .choices()
            .get(0)
            .message()
            .content()
            .orElseThrow();
    assertThat(city.name).isEqualTo("Lyon");
    assertThat(city.population).isEqualTo(522_250L);
  }

  @Test
  void textThenAToolCallStreamAsContentThenToolCallChunks() {
    server.rescript(
        ACCOUNT,
        Script.text("Let me look.")
            .inDeltas(2)
            .withFunctionCall(
                new FunctionCall("call_weather", "get_weather", "{\"city\":\"Nice\"}")));

    List<ChatCompletionChunk> chunks =
        OpenAiChat.stream(
            client,
            ask(MODEL, "weather in Nice?").toBuilder()
                .addTool(OpenAiSdkChatCompatTest.GetWeather.class)
                .build());

    assertThat(OpenAiChat.contentDeltas(chunks)).hasSize(2);
    assertThat(OpenAiChat.finishReason(chunks)).contains("tool_calls");
    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    chunks.forEach(accumulator::accumulate);
    ChatCompletionMessage message = accumulator.chatCompletion().choices().get(0).message();
    assertThat(message.content()).contains("Let me look.");
    assertThat(message.toolCalls().orElseThrow())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.asFunction().id()).isEqualTo("call_weather");
              assertThat(
                      call.asFunction()
                          .function()
                          .arguments(OpenAiSdkChatCompatTest.GetWeather.class)
                          .city)
                  .isEqualTo("Nice");
            });
  }

  @Test
  void anImagePartReachesUpstreamAsAnInputImage() {
    String url = "data:image/png;base64,iVBORw0KGgo=";
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model(MODEL)
            .addMessage(
                ChatCompletionUserMessageParam.builder()
                    .contentOfArrayOfContentParts(
                        List.of(
                            ChatCompletionContentPart.ofText(
                                ChatCompletionContentPartText.builder()
                                    .text("What is this?")
                                    .build()),
                            ChatCompletionContentPart.ofImageUrl(
                                ChatCompletionContentPartImage.builder()
                                    .imageUrl(
                                        ChatCompletionContentPartImage.ImageUrl.builder()
                                            .url(url)
                                            .detail(
                                                ChatCompletionContentPartImage.ImageUrl.Detail.LOW)
                                            .build())
                                    .build())))
                    .build())
            .build();

    ChatCompletion answer = client.chat().completions().create(params);

    assertThat(answer.choices().get(0).message().content()).contains(ANSWER);
    JsonObject message =
        backend.requestsFor(ACCOUNT).get(0).json().getJsonArray("input").getJsonObject(0);
    assertThat(message.getString("role")).isEqualTo("user");
    assertThat(message.getJsonArray("content").stream().map(JsonObject.class::cast))
        .extracting(
            part ->
                part.getString("type")
                    + " "
                    + part.getString("text", part.getString("image_url"))
                    + " "
                    + part.getString("detail"))
        .containsExactly("input_text What is this? null", "input_image " + url + " low");
  }

  @ParameterizedTest
  @EnumSource(Call.class)
  void nOtherThanOneIsABadRequest(Call call) {
    ChatCompletionCreateParams twoChoices = ask(MODEL, "hi").toBuilder().n(2).build();

    BadRequestException error =
        catchThrowableOfType(BadRequestException.class, () -> call.run(client, twoChoices));

    assertThat(error.statusCode()).isEqualTo(400);
    assertThat(errorBody(error).type()).isEqualTo("invalid_request_error");
    assertThat(errorBody(error).message())
        .isEqualTo("n: 2 (expected: 1; codex-lb answers with one choice)");
    assertThat(backend.requests()).isEmpty();
  }

  @Test
  void anUpstreamCutAfterTheFirstChunksEndsTheSdksStreamWithAnError() {
    server.rescript(ACCOUNT, Script.text(ANSWER).inDeltas(4).cutAfter(2));
    List<ChatCompletionChunk> received = new ArrayList<>();

    OpenAIServiceException error;
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(ask(MODEL, "hi"))) {
      Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
      error =
          catchThrowableOfType(
              OpenAIServiceException.class,
              () -> {
                while (chunks.hasNext()) {
                  received.add(chunks.next());
                }
              });
    }

    assertThat(OpenAiChat.contentDeltas(received)).hasSize(2);
    assertThat(error).as("the error chunk the server sends after the cut").isNotNull();
    assertThat(errorBody(error).type()).isEqualTo("server_error");
  }

  private static ChatCompletionToolMessageParam toolResult(String callId, String content) {
    return ChatCompletionToolMessageParam.builder().toolCallId(callId).content(content).build();
  }

  /** One upstream input item as {@code type, id or role, name, text}: enough to tell them apart. */
  private static String describeItem(JsonObject item) {
    String type = item.getString("type");
    if ("message".equals(type)) {
      JsonObject part = item.getJsonArray("content").getJsonObject(0);
      return type + " " + item.getString("role") + " " + part.getString("text");
    }
    if ("function_call".equals(type)) {
      return type
          + " "
          + item.getString("call_id")
          + " "
          + item.getString("name")
          + " "
          + item.getString("arguments");
    }
    return type + " " + item.getString("call_id") + " " + item.getString("output");
  }
}
