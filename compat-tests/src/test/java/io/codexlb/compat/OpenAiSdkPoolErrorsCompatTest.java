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
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The OpenAI Java SDK when the pool cannot answer: no account to serve, or the upstream failing.
 * Each test gets a server of its own, since a failure changes what the server knows of the pool.
 */
class OpenAiSdkPoolErrorsCompatTest {

  private static final String MODEL = "gpt-5.1-codex";

  @TempDir Path dataDir;

  @AutoClose private CompatServer server;

  @ParameterizedTest
  @EnumSource(Call.class)
  void anEmptyPoolAnswersNoAccounts(Call call) {
    server = CompatServer.in(dataDir).key("open").start();
    OpenAIClient client = OpenAiSdk.client(server.proxyUrl(), server.key("open"));

    InternalServerException error =
        catchThrowableOfType(
            InternalServerException.class, () -> call.run(client, ask(MODEL, "hi")));

    assertThat(error.statusCode()).isEqualTo(503);
    assertThat(errorBody(error))
        .isEqualTo(new ErrorBody("no_accounts", "server_error", "No active accounts available"));
    assertThat(error.headers().values("Retry-After")).isNotEmpty();
    assertThat(server.backend().requests()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Call.class)
  void anUpstreamThatFailsAnswersUpstreamError(Call call) {
    server = CompatServer.in(dataDir).account("acc-failing").key("open").start();
    server.backend().account("acc-failing").failsWith(500);
    OpenAIClient client = OpenAiSdk.client(server.proxyUrl(), server.key("open"));

    InternalServerException error =
        catchThrowableOfType(
            InternalServerException.class, () -> call.run(client, ask(MODEL, "hi")));

    assertThat(error.statusCode()).isEqualTo(502);
    assertThat(errorBody(error))
        .isEqualTo(new ErrorBody("upstream_error", "server_error", "Upstream service error"));
    assertThat(server.backend().requestsFor("acc-failing")).isNotEmpty();
  }
}
