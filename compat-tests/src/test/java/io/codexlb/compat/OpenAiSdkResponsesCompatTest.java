package io.codexlb.compat;

import static io.codexlb.compat.OpenAiSdk.ask;
import static io.codexlb.compat.OpenAiSdk.errorBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.client.OpenAIClient;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseTextDeltaEvent;
import com.openai.models.responses.ResponseUsage;
import io.codexlb.compat.OpenAiSdk.Call;
import io.codexlb.compat.OpenAiSdk.ErrorBody;
import io.codexlb.testkit.FakeChatGptBackend;
import io.codexlb.testkit.Quota;
import io.codexlb.testkit.Script;
import io.codexlb.testkit.ScriptedUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official OpenAI Java SDK against {@code /v1/responses}: answers streamed and not, and each
 * refusal of the key as the exception type and status the SDK maps it to.
 */
class OpenAiSdkResponsesCompatTest {

  private static final String ACCOUNT = "acc-sdk";
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
    // With a quota, the upstream stream carries a codex.rate_limits event the SDK does not know.
    server.rescript(
        ACCOUNT,
        Script.text(ANSWER)
            .inDeltas(DELTAS)
            .withDelay(Duration.ofMillis(5))
            .usage(USAGE)
            .quota(Quota.used(42, 7)));
  }

  @Test
  void createReturnsTheAccountsAnswerAndItsUsage() {
    OpenAIClient client = OpenAiSdk.client(server.proxyUrl(), server.key("open"));

    Response response = client.responses().create(ask(MODEL, "say hi"));

    assertThat(OpenAiSdk.outputText(response)).isEqualTo(ANSWER);
    assertThat(OpenAiSdk.model(response)).isEqualTo(MODEL);
    assertUsage(response.usage().orElseThrow());
    assertThat(backend.requestsFor(ACCOUNT)).hasSize(1);
  }

  @Test
  void createStreamingDeliversTheEventsInTheirOrder() {
    OpenAIClient client = OpenAiSdk.client(server.proxyUrl(), server.key("open"));

    List<ResponseStreamEvent> events = OpenAiSdk.stream(client, ask(MODEL, "say hi"));

    List<String> types =
        events.stream().map(OpenAiSdk::type).filter(type -> !type.startsWith("codex.")).toList();
    assertThat(types)
        .containsExactlyElementsOf(
            Stream.of(
                    Stream.of(
                        "response.created",
                        "response.output_item.added",
                        "response.content_part.added"),
                    IntStream.range(0, DELTAS).mapToObj(i -> "response.output_text.delta"),
                    Stream.of(
                        "response.output_text.done",
                        "response.content_part.done",
                        "response.output_item.done",
                        "response.completed"))
                .flatMap(s -> s)
                .toList());
    assertThat(events.stream().mapToLong(OpenAiSdk::sequenceNumber))
        .isSorted()
        .doesNotHaveDuplicates();
    String streamed =
        events.stream()
            .flatMap(event -> event.outputTextDelta().stream())
            .map(ResponseTextDeltaEvent::delta)
            .collect(Collectors.joining());
    assertThat(streamed).isEqualTo(ANSWER);
    Response completed = events.get(events.size() - 1).asCompleted().response();
    assertThat(OpenAiSdk.outputText(completed)).isEqualTo(ANSWER);
    assertUsage(completed.usage().orElseThrow());
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
  void theAllowedModelStillPassesWithThatKey() {
    OpenAIClient client = OpenAiSdk.client(server.proxyUrl(), server.key("codex-only"));

    Response response = client.responses().create(ask(MODEL, "say hi"));

    assertThat(OpenAiSdk.outputText(response)).isEqualTo(ANSWER);
  }

  @Test
  void aKeyOverItsLimitIsRateLimitedWithRetryAfterStreamingOrNot() {
    OpenAIClient client = OpenAiSdk.client(server.proxyUrl(), server.key("one-request"));
    assertThat(OpenAiSdk.outputText(client.responses().create(ask(MODEL, "first"))))
        .isEqualTo(ANSWER);

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
      // Whole seconds until the end of the UTC day: at least 1, at most a day.
      assertThat(error.headers().values("Retry-After"))
          .as(call.name())
          .singleElement()
          .satisfies(value -> assertThat(Long.parseLong(value)).isBetween(1L, 86_400L));
    }
    assertThat(backend.requestsFor(ACCOUNT)).hasSize(1);
  }

  private static void assertUsage(ResponseUsage usage) {
    assertThat(usage.inputTokens()).isEqualTo(USAGE.inputTokens());
    assertThat(usage.inputTokensDetails().cachedTokens()).isEqualTo(USAGE.cachedTokens());
    assertThat(usage.outputTokens()).isEqualTo(USAGE.outputTokens());
    assertThat(usage.outputTokensDetails().reasoningTokens()).isEqualTo(USAGE.reasoningTokens());
    assertThat(usage.totalTokens()).isEqualTo(USAGE.totalTokens());
  }
}
