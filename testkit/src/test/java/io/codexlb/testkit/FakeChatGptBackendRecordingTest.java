package io.codexlb.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FakeChatGptBackendRecordingTest {

  @RegisterExtension static final BackendExtension BACKEND = new BackendExtension();

  private final FakeChatGptBackend backend = BACKEND.backend();

  @Test
  void recordsMethodPathHeadersAndBodyOfEachRequest() {
    Exchange.post(
        backend.responsesUrl() + "?trace=1",
        Map.of(
            "Authorization", "Bearer access-1",
            "ChatGPT-Account-Id", "acct-1",
            "Content-Type", "application/json"),
        "{\"model\":\"gpt-5.1-codex\",\"store\":false,\"stream\":true}");

    assertThat(backend.requests()).hasSize(1);
    RecordedRequest request = backend.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/backend-api/codex/responses");
    assertThat(request.query()).isEqualTo("trace=1");
    assertThat(request.header("authorization")).contains("Bearer access-1");
    assertThat(request.header("AUTHORIZATION")).contains("Bearer access-1");
    assertThat(request.accountId()).contains("acct-1");
    assertThat(request.header("x-missing")).isEmpty();
    assertThat(request.json().getBoolean("store")).isFalse();
    assertThat(request.json().getBoolean("stream")).isTrue();
  }

  @Test
  void keepsRequestsInArrivalOrderAndFiltersThemByAccountIgnoringCase() {
    Exchange.post(backend.responsesUrl(), Map.of("chatgpt-account-id", "acct-1"), "{\"n\":1}");
    Exchange.post(backend.responsesUrl(), Map.of("chatgpt-account-id", "acct-2"), "{\"n\":2}");
    Exchange.post(backend.responsesUrl(), Map.of("chatgpt-account-id", "ACCT-1"), "{\"n\":3}");

    assertThat(backend.requests())
        .extracting(request -> request.json().getInteger("n"))
        .containsExactly(1, 2, 3);
    assertThat(backend.requestsFor("acct-1"))
        .extracting(request -> request.json().getInteger("n"))
        .containsExactly(1, 3);
  }

  @Test
  void selectsTheAccountByItsHeaderWhateverTheCaseOfNameAndValue() {
    backend.account("Acct-1").respondsWith(Script.text("mine"));

    Exchange lower =
        Exchange.post(backend.responsesUrl(), Map.of("chatgpt-account-id", "acct-1"), "{}");
    Exchange mixed =
        Exchange.post(backend.responsesUrl(), Map.of("ChatGPT-Account-Id", "ACCT-1"), "{}");

    assertThat(lower.deltaText()).isEqualTo("mine");
    assertThat(mixed.deltaText()).isEqualTo("mine");
  }

  @Test
  void answersTheDefaultScriptToUnknownAccountsAndRequestsWithoutAccount() {
    backend.account("acct-1").respondsWith(Script.text("mine"));

    Exchange unknown =
        Exchange.post(backend.responsesUrl(), Map.of("chatgpt-account-id", "acct-9"), "{}");
    Exchange anonymous = Exchange.post(backend.responsesUrl(), Map.of(), "{}");

    assertThat(unknown.deltaText()).isEqualTo(StreamScript.DEFAULT_TEXT);
    assertThat(anonymous.deltaText()).isEqualTo(StreamScript.DEFAULT_TEXT);
    assertThat(anonymous.eventTypes()).endsWith("response.completed");
  }

  @Test
  void letsTestsChangeTheDefaultScript() {
    backend.defaultAccount().failsWith(503);

    Exchange exchange =
        Exchange.post(backend.responsesUrl(), Map.of("chatgpt-account-id", "acct-9"), "{}");

    assertThat(exchange.status()).isEqualTo(503);
  }

  @Test
  void fallsBackToTheDefaultOnceAnAccountsOneShotScriptsAreUsed() {
    backend.account("acct-1").once(Script.failure(500));

    assertThat(
            Exchange.post(backend.responsesUrl(), Map.of("chatgpt-account-id", "acct-1"), "{}")
                .status())
        .isEqualTo(500);
    assertThat(
            Exchange.post(backend.responsesUrl(), Map.of("chatgpt-account-id", "acct-1"), "{}")
                .deltaText())
        .isEqualTo(StreamScript.DEFAULT_TEXT);
  }

  @Test
  void resetForgetsRecordingsAndScripts() {
    backend.account("acct-1").failsWith(500);
    Exchange.post(backend.responsesUrl(), Map.of("chatgpt-account-id", "acct-1"), "{}");

    backend.reset();

    assertThat(backend.requests()).isEmpty();
    assertThat(
            Exchange.post(backend.responsesUrl(), Map.of("chatgpt-account-id", "acct-1"), "{}")
                .status())
        .isEqualTo(200);
  }

  @Test
  void servesASmallModelCatalog() {
    Exchange exchange = Exchange.get(backend.baseUrl() + "/codex/models?client_version=0.169.0");

    assertThat(exchange.status()).isEqualTo(200);
    assertThat(exchange.json().getJsonArray("models").getJsonObject(0).getString("slug"))
        .isEqualTo("gpt-5.1-codex");
    assertThat(backend.requests().get(0).query()).isEqualTo("client_version=0.169.0");
  }

  @Test
  void answersUnknownPathsWithNotFound() {
    assertThat(Exchange.get(backend.baseUrl() + "/codex/nothing").status()).isEqualTo(404);
    assertThat(Exchange.get(backend.responsesUrl()).status()).isEqualTo(404);
  }

  @Test
  void recordsNothingWhenRecordingIsOff() {
    FakeChatGptBackend quiet =
        FakeChatGptBackend.start(FakeChatGptBackendOptions.defaults().withRecording(false));
    try {
      Exchange exchange = Exchange.post(quiet.responsesUrl(), Map.of(), "{}");

      assertThat(exchange.status()).isEqualTo(200);
      assertThat(quiet.requests()).isEmpty();
    } finally {
      quiet.close().toCompletableFuture().join();
    }
  }
}
