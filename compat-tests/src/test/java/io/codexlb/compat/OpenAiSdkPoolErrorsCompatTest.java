package io.codexlb.compat;

import static io.codexlb.compat.OpenAiSdk.ask;
import static io.codexlb.compat.OpenAiSdk.errorBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.client.OpenAIClient;
import com.openai.errors.InternalServerException;
import io.codexlb.compat.OpenAiSdk.Call;
import io.codexlb.compat.OpenAiSdk.ErrorBody;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The OpenAI Java SDK when the pool cannot answer: no account to serve, or the upstream failing.
 * Each test gets a server of its own, since a failure changes what the server knows of the pool.
 */
class OpenAiSdkPoolErrorsCompatTest {

  private static final String MODEL = "gpt-5.1-codex";
  private static final String ACCOUNT = "acc-pool";
  private static final ErrorBody NO_ACCOUNTS =
      new ErrorBody("no_accounts", "server_error", "No active accounts available");

  @TempDir Path dataDir;

  @AutoClose private CompatServer server;

  @ParameterizedTest
  @EnumSource(Call.class)
  void anEmptyPoolAnswersNoAccounts(Call call) {
    server = CompatServer.in(dataDir).key("open").start();

    InternalServerException error = refusedWith(call);

    assertThat(error.statusCode()).isEqualTo(503);
    assertThat(errorBody(error)).isEqualTo(NO_ACCOUNTS);
    assertThat(server.backend().requests()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Call.class)
  void aPoolWhoseOnlyAccountIsRateLimitedAnswersNoAccountsUntilItsReset(Call call) {
    server = CompatServer.in(dataDir).account(ACCOUNT).key("open").start();
    Instant resetsAt = Instant.now().plus(Duration.ofHours(1));
    server.backend().account(ACCOUNT).rateLimited(resetsAt);

    InternalServerException first = refusedWith(call);
    InternalServerException second = refusedWith(call);

    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(errorBody(first)).isEqualTo(NO_ACCOUNTS);
    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(errorBody(second)).isEqualTo(NO_ACCOUNTS);
    // Whole seconds until the account's reset, an hour away give or take the test's own time: on
    // the request that found the account limited, and on the next, refused without upstream.
    for (InternalServerException refused : List.of(first, second)) {
      assertThat(refused.headers().values("Retry-After"))
          .singleElement()
          .satisfies(value -> assertThat(Long.parseLong(value)).isBetween(3_000L, 3_601L));
    }
    assertThat(server.backend().requestsFor(ACCOUNT))
        .as("only the first reached upstream")
        .hasSize(1);
  }

  @ParameterizedTest(name = "upstream {0}, {2}: {1} upstream_error")
  @CsvSource({
    "500, 502, NON_STREAMING",
    "500, 502, STREAMING",
    "503, 503, NON_STREAMING",
    "503, 503, STREAMING"
  })
  void anUpstreamThatFailsAnswersUpstreamError(int upstreamStatus, int status, Call call) {
    server = CompatServer.in(dataDir).account(ACCOUNT).key("open").start();
    server.backend().account(ACCOUNT).failsWith(upstreamStatus);

    InternalServerException error = refusedWith(call);

    assertThat(error.statusCode()).isEqualTo(status);
    assertThat(errorBody(error))
        .isEqualTo(new ErrorBody("upstream_error", "server_error", "Upstream service error"));
    assertThat(server.backend().requestsFor(ACCOUNT)).isNotEmpty();
  }

  /** The SDK's exception for one call with the server's key, which must be a 5xx. */
  private InternalServerException refusedWith(Call call) {
    OpenAIClient client = OpenAiSdk.client(server.proxyUrl(), server.key("open"));
    return catchThrowableOfType(
        InternalServerException.class, () -> call.run(client, ask(MODEL, "hi")));
  }
}
