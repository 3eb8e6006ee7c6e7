package io.codexlb.compat;

import static io.codexlb.compat.OpenAiChat.ask;
import static io.codexlb.compat.OpenAiSdk.errorBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.openai.client.OpenAIClient;
import com.openai.errors.InternalServerException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.StructuredChatCompletion;
import com.openai.models.completions.CompletionUsage;
import io.codexlb.compat.OpenAiChat.Call;
import io.codexlb.compat.OpenAiSdk.ErrorBody;
import io.codexlb.testkit.FakeChatGptBackend;
import io.codexlb.testkit.FunctionCall;
import io.codexlb.testkit.Quota;
import io.codexlb.testkit.Script;
import io.codexlb.testkit.ScriptedUsage;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official OpenAI Java SDK against {@code /v1/chat/completions}: answers streamed and not, tool
 * calls whole and streamed, structured output with a strict JSON schema, and each refusal as the
 * exception type and status the SDK maps it to.
 */
class OpenAiSdkChatCompatTest {

  private static final String ACCOUNT = "acc-chat";
  private static final String MODEL = "gpt-5.1-codex";
  private static final String ANSWER = "The pool answers in four parts.";
  private static final int DELTAS = 4;
  private static final ScriptedUsage USAGE = new ScriptedUsage(21, 5, 9, 2);

  @TempDir static Path dataDir;

  @AutoClose private static CompatServer server;
  private static FakeChatGptBackend backend;

  @BeforeAll
  static void startServer() {
    server =
        CompatServer.in(dataDir)
            .account(ACCOUNT)
            .key("open")
            .key("codex-only", "--allowed-models", MODEL)
            .key("one-request", "--limit", "requests:daily:1")
            .start();
    backend = server.backend();
  }

  @BeforeEach
  void scriptTheAccount() {
    // With a quota, the upstream stream carries a codex.rate_limits event chat has no chunk for.
    server.rescript(
        ACCOUNT,
        Script.text(ANSWER)
            .inDeltas(DELTAS)
            .withDelay(Duration.ofMillis(5))
            .usage(USAGE)
            .quota(Quota.used(42, 7)));
  }

  /** The arguments of the scripted weather call, as the SDK parses them. */
  @JsonClassDescription("Looks up the current weather of a city")
  static final class GetWeather {
    @JsonPropertyDescription("The city's name")
    public String city;
  }

  /** The arguments of the scripted time call. */
  @JsonClassDescription("Tells the current time of a time zone")
  static final class GetTime {
    @JsonPropertyDescription("An IANA time zone")
    public String zone;
  }

  /** The structured answer the SDK asks for with a strict JSON schema. */
  static final class City {
    public String name;
    public String country;
    public long population;
  }

  @Test
  void createReturnsTheAccountsAnswerAndItsUsage() {
    OpenAIClient client = OpenAiSdk.client(server.proxyUrl(), server.key("open"));

    ChatCompletion completion = client.chat().completions().create(ask(MODEL, "say hi"));

    assertThat(completion.id()).startsWith("chatcmpl-");
    assertThat(completion.model()).isEqualTo(MODEL);
    ChatCompletion.Choice choice = completion.choices().get(0);
    assertThat(completion.choices()).hasSize(1);
    assertThat(choice.message().content()).contains(ANSWER);
    assertThat(choice.message().toolCalls().orElse(List.of())).isEmpty();
    assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertUsage(completion.usage().orElseThrow());
    assertThat(backend.requestsFor(ACCOUNT)).hasSize(1);
  }

  @Test
  void createStreamingDeliversTheAnswerIncrementallyUnderOneId() {
    OpenAIClient client = OpenAiSdk.client(server.proxyUrl(), server.key("open"));

    List<ChatCompletionChunk> chunks = OpenAiChat.stream(client, ask(MODEL, "say hi"));

    assertThat(OpenAiChat.contentDeltas(chunks)).hasSize(DELTAS);
    assertThat(OpenAiChat.content(chunks)).isEqualTo(ANSWER);
    assertThat(chunks).extracting(ChatCompletionChunk::id).containsOnly(chunks.get(0).id());
    assertThat(chunks.get(0).id()).startsWith("chatcmpl-");
    assertThat(chunks.get(0).choices().get(0).delta().role())
        .contains(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT);
    assertThat(chunks.stream().skip(1).flatMap(chunk -> chunk.choices().stream()))
        .allSatisfy(choice -> assertThat(choice.delta().role()).isEmpty());
    assertThat(OpenAiChat.finishReason(chunks)).contains("stop");
    assertThat(chunks)
        .as("no usage chunk unless asked")
        .allSatisfy(chunk -> assertThat(chunk.usage()).isEmpty());
  }

  @Test
  void createStreamingWithIncludeUsageEndsWithTheUsageChunk() {
    OpenAIClient client = OpenAiSdk.client(server.proxyUrl(), server.key("open"));

    List<ChatCompletionChunk> chunks =
        OpenAiChat.stream(client, OpenAiChat.withUsage(ask(MODEL, "say hi")));

    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    assertThat(last.id()).isEqualTo(chunks.get(0).id());
    assertUsage(last.usage().orElseThrow());
    assertThat(chunks.subList(0, chunks.size() - 1))
        .allSatisfy(chunk -> assertThat(chunk.usage()).isEmpty());
    assertThat(OpenAiChat.content(chunks)).isEqualTo(ANSWER);
  }

  @Test
  void createReturnsTheScriptedToolCallsAsTheSdksTypes() {
    server.rescript(ACCOUNT, twoToolCalls());
    OpenAIClient client = OpenAiSdk.client(server.proxyUrl(), server.key("open"));

    ChatCompletion completion = client.chat().completions().create(askWithTools());

    ChatCompletion.Choice choice = completion.choices().get(0);
    assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    assertThat(choice.message().content()).isEmpty();
    assertTwoToolCalls(choice.message().toolCalls().orElseThrow());
    assertToolsReachedUpstream();
  }

  @Test
  void createStreamingDeliversToolCallDeltasTheSdkAccumulates() {
    server.rescript(ACCOUNT, twoToolCalls());
    OpenAIClient client = OpenAiSdk.client(server.proxyUrl(), server.key("open"));

    List<ChatCompletionChunk> chunks = OpenAiChat.stream(client, askWithTools());

    assertThat(chunks).extracting(ChatCompletionChunk::id).containsOnly(chunks.get(0).id());
    assertThat(chunks.get(0).choices().get(0).delta().role())
        .contains(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT);
    assertThat(OpenAiChat.finishReason(chunks)).contains("tool_calls");
    List<ChatCompletionChunk.Choice.Delta.ToolCall> deltas =
        chunks.stream()
            .flatMap(chunk -> chunk.choices().stream())
            .flatMap(choice -> choice.delta().toolCalls().stream())
            .flatMap(List::stream)
            .toList();
    assertThat(deltas)
        .as("each call opens with its id and name, its arguments follow in deltas")
        .filteredOn(delta -> delta.id().isPresent())
        .extracting(delta -> delta.index() + ":" + delta.id().get())
        .containsExactly("0:call_weather", "1:call_time");
    assertThat(deltas.size()).isGreaterThan(2);
    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    chunks.forEach(accumulator::accumulate);
    ChatCompletion completion = accumulator.chatCompletion();
    assertThat(completion.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    assertTwoToolCalls(completion.choices().get(0).message().toolCalls().orElseThrow());
  }

  @Test
  void structuredOutputWithAStrictSchemaParsesIntoTheSdksClass() {
    String json = "{\"name\":\"Paris\",\"country\":\"France\",\"population\":2102650}";
    server.rescript(ACCOUNT, Script.text(json).inDeltas(3).usage(USAGE));
    OpenAIClient client = OpenAiSdk.client(server.proxyUrl(), server.key("open"));

    StructuredChatCompletion<City> completion =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model(MODEL)
                    .addUserMessage("Which city is the capital of France?")
                    .responseFormat(City.class)
                    .build());

    City city = completion.choices().get(0).message().content().orElseThrow();
    assertThat(city.name).isEqualTo("Paris");
    assertThat(city.country).isEqualTo("France");
    assertThat(city.population).isEqualTo(2_102_650L);
    JsonObject format =
        backend.requestsFor(ACCOUNT).get(0).json().getJsonObject("text").getJsonObject("format");
    assertThat(format.getString("type")).isEqualTo("json_schema");
    assertThat(format.getBoolean("strict")).isTrue();
    assertThat(format.getString("name")).isNotBlank();
    assertThat(format.getJsonObject("schema").getJsonObject("properties").fieldNames())
        .containsExactlyInAnyOrder("name", "country", "population");
  }

  @ParameterizedTest
  @EnumSource(Call.class)
  void anUnknownKeyIsUnauthorized(Call call) {
    OpenAIClient client = OpenAiSdk.client(server.proxyUrl(), "sk-clb-not-a-key-of-this-server");

    UnauthorizedException error =
        catchThrowableOfType(UnauthorizedException.class, () -> call.run(client, ask(MODEL, "hi")));

    assertThat(error.statusCode()).isEqualTo(401);
    assertThat(errorBody(error))
        .isEqualTo(new ErrorBody("invalid_api_key", "invalid_request_error", "Invalid API key"));
    assertThat(backend.requests()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Call.class)
  void aModelOutsideTheKeysAllowListIsDenied(Call call) {
    OpenAIClient client = OpenAiSdk.client(server.proxyUrl(), server.key("codex-only"));

    PermissionDeniedException error =
        catchThrowableOfType(
            PermissionDeniedException.class, () -> call.run(client, ask("gpt-5.1", "hi")));

    assertThat(error.statusCode()).isEqualTo(403);
    assertThat(errorBody(error))
        .isEqualTo(
            new ErrorBody(
                "model_not_allowed",
                "invalid_request_error",
                "Model 'gpt-5.1' is not allowed for this API key"));
    assertThat(backend.requests()).isEmpty();
  }

  @Test
  void aKeyOverItsLimitIsRateLimitedWithRetryAfterStreamingOrNot() {
    OpenAIClient client = OpenAiSdk.client(server.proxyUrl(), server.key("one-request"));
    assertThat(client.chat().completions().create(ask(MODEL, "first")).choices().get(0).message())
        .satisfies(message -> assertThat(message.content()).contains(ANSWER));

    for (Call call : Call.values()) {
      RateLimitException error =
          catchThrowableOfType(
              RateLimitException.class, () -> call.run(client, ask(MODEL, "again")));

      assertThat(error.statusCode()).as(call.name()).isEqualTo(429);
      assertThat(errorBody(error))
          .as(call.name())
          .isEqualTo(
              new ErrorBody(
                  "rate_limit_exceeded",
                  "rate_limit_error",
                  "API key requests daily limit exceeded"));
      assertThat(error.headers().values("Retry-After"))
          .as(call.name())
          .singleElement()
          .satisfies(value -> assertThat(Long.parseLong(value)).isBetween(1L, 86_400L));
    }
    assertThat(backend.requestsFor(ACCOUNT)).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Call.class)
  void anEmptyPoolAnswersNoAccounts(Call call, @TempDir Path emptyPoolDir) throws Exception {
    // A server of its own: this class's server has an account.
    try (CompatServer empty = CompatServer.in(emptyPoolDir).key("open").start()) {
      OpenAIClient client = OpenAiSdk.client(empty.proxyUrl(), empty.key("open"));

      InternalServerException error =
          catchThrowableOfType(
              InternalServerException.class, () -> call.run(client, ask(MODEL, "hi")));

      assertThat(error.statusCode()).isEqualTo(503);
      assertThat(errorBody(error))
          .isEqualTo(new ErrorBody("no_accounts", "server_error", "No active accounts available"));
      assertThat(empty.backend().requests()).isEmpty();
    }
  }

  private static Script twoToolCalls() {
    return Script.functionCall("call_weather", "GetWeather", "{\"city\":\"Paris\"}")
        .withFunctionCall(new FunctionCall("call_time", "GetTime", "{\"zone\":\"Europe/Paris\"}"))
        .usage(USAGE);
  }

  private static ChatCompletionCreateParams askWithTools() {
    return ChatCompletionCreateParams.builder()
        .model(MODEL)
        .addUserMessage("What is the weather and the time in Paris?")
        .addTool(GetWeather.class)
        .addTool(GetTime.class)
        .build();
  }

  private static void assertTwoToolCalls(List<ChatCompletionMessageToolCall> toolCalls) {
    assertThat(toolCalls).hasSize(2).allSatisfy(call -> assertThat(call.isFunction()).isTrue());
    ChatCompletionMessageFunctionToolCall weather = toolCalls.get(0).asFunction();
    ChatCompletionMessageFunctionToolCall time = toolCalls.get(1).asFunction();
    assertThat(weather.id()).isEqualTo("call_weather");
    assertThat(weather.function().name()).isEqualTo("GetWeather");
    assertThat(weather.function().arguments(GetWeather.class).city).isEqualTo("Paris");
    assertThat(time.id()).isEqualTo("call_time");
    assertThat(time.function().name()).isEqualTo("GetTime");
    assertThat(time.function().arguments(GetTime.class).zone).isEqualTo("Europe/Paris");
  }

  private static void assertToolsReachedUpstream() {
    JsonObject body = backend.requestsFor(ACCOUNT).get(0).json();
    assertThat(
            body.getJsonArray("tools").stream().map(tool -> ((JsonObject) tool).getString("name")))
        .containsExactly("GetWeather", "GetTime");
  }

  private static void assertUsage(CompletionUsage usage) {
    assertThat(usage.promptTokens()).isEqualTo(USAGE.inputTokens());
    assertThat(usage.completionTokens()).isEqualTo(USAGE.outputTokens());
    assertThat(usage.totalTokens()).isEqualTo(USAGE.totalTokens());
    assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens())
        .contains((long) USAGE.cachedTokens());
    assertThat(usage.completionTokensDetails().orElseThrow().reasoningTokens())
        .contains((long) USAGE.reasoningTokens());
  }
}
