package io.codexlb.adapter.chatgpt;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.port.out.UpstreamCredentials;
import io.codexlb.port.out.UpstreamRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpstreamHeadersTest {

  private static final UpstreamCredentials ACCOUNT = new UpstreamCredentials("tok-secret", "acc-1");

  @Test
  void setsTheAccountsCredentialsAndTheStreamingHeaders() {
    Map<String, List<String>> headers = headers(Map.of("User-Agent", "codex_exec/0.169.0"));

    assertThat(headers)
        .containsEntry("authorization", List.of("Bearer tok-secret"))
        .containsEntry("chatgpt-account-id", List.of("acc-1"))
        .containsEntry("accept", List.of("text/event-stream"))
        .containsEntry("content-type", List.of("application/json"))
        .containsEntry("x-request-id", List.of("req-1"));
  }

  @Test
  void dropsTheClientsCredentialsAndTheProxyAndHopByHopHeaders() {
    Map<String, String> client = new LinkedHashMap<>();
    client.put("Authorization", "Bearer sk-clb-client");
    client.put("ChatGPT-Account-Id", "client-account");
    client.put("Cookie", "session=1");
    client.put("Content-Length", "123");
    client.put("Content-Encoding", "zstd");
    client.put("Host", "proxy:2455");
    client.put("Forwarded", "for=1.2.3.4");
    client.put("X-Forwarded-For", "1.2.3.4");
    client.put("X-Real-IP", "1.2.3.4");
    client.put("CF-Connecting-IP", "1.2.3.4");
    client.put("Connection", "keep-alive, X-Hop");
    client.put("X-Hop", "1");
    client.put("Keep-Alive", "timeout=5");
    client.put("TE", "trailers");
    client.put("Trailer", "x");
    client.put("Transfer-Encoding", "chunked");
    client.put("Upgrade", "h2c");
    client.put("Proxy-Authorization", "Basic x");
    client.put("Accept-Encoding", "gzip");
    client.put("X-Request-Id", "client-chosen");
    client.put("User-Agent", "codex_cli_rs/0.169.0");

    Map<String, List<String>> headers = headers(client);

    assertThat(headers.keySet())
        .containsExactlyInAnyOrder(
            "user-agent",
            "authorization",
            "chatgpt-account-id",
            "accept",
            "content-type",
            "x-request-id");
    assertThat(headers.get("authorization")).containsExactly("Bearer tok-secret");
    assertThat(headers.get("x-request-id")).containsExactly("req-1");
  }

  @Test
  void passesTheCodexSessionHeadersThrough() {
    Map<String, String> client = new LinkedHashMap<>();
    client.put("originator", "codex_exec");
    client.put("session-id", "s-1");
    client.put("session_id", "s-1");
    client.put("thread-id", "t-1");
    client.put("x-codex-turn-state", "state");
    client.put("x-codex-turn-metadata", "{\"turn\":1}");
    client.put("x-codex-beta-features", "remote_compaction_v2");
    client.put("x-codex-window-id", "w");

    Map<String, List<String>> headers = headers(client);

    client.forEach((name, value) -> assertThat(headers).containsEntry(name, List.of(value)));
  }

  @Test
  void aClientThatIsNotCodexGetsTheCodexIdentity() {
    Map<String, String> client = new LinkedHashMap<>();
    client.put("User-Agent", "OpenAI/Java 4.0.0");
    client.put("X-Stainless-Lang", "java");
    client.put("X-OpenAI-Client-User-Agent", "{}");
    client.put("originator", "my-app");
    client.put("version", "9");
    client.put("session_id", "s-1");

    Map<String, List<String>> headers = headers(client);

    assertThat(headers)
        .containsEntry(
            "user-agent", List.of("codex_cli_rs/1.2.3 (Mac OS 26.5.0; arm64) iTerm.app/3.6.10"))
        .containsEntry("originator", List.of("codex_cli_rs"))
        .containsEntry("version", List.of("1.2.3"))
        .containsEntry("session_id", List.of("s-1"))
        .doesNotContainKeys("x-stainless-lang", "x-openai-client-user-agent");
  }

  @Test
  void codexClientsAreRecognizedByUserAgentOrOriginator() {
    assertThat(UpstreamHeaders.isCodexClient(request(Map.of("user-agent", "codex_vscode/1"))))
        .isTrue();
    assertThat(UpstreamHeaders.isCodexClient(request(Map.of("user-agent", "Codex Desktop/2"))))
        .isTrue();
    assertThat(UpstreamHeaders.isCodexClient(request(Map.of("originator", "Codex Desktop"))))
        .isTrue();
    assertThat(UpstreamHeaders.isCodexClient(request(Map.of("user-agent", "codexalike/1"))))
        .isFalse();
    assertThat(UpstreamHeaders.isCodexClient(request(Map.of()))).isFalse();
  }

  @Test
  void aSyntheticAccountIdIsNotSent() {
    UpstreamRequest request =
        new UpstreamRequest(
            new UpstreamCredentials("tok", "email_abc"), new byte[0], Map.of(), "req-1");

    assertThat(UpstreamHeaders.forUpstream(request, "1.2.3"))
        .doesNotContainKey("chatgpt-account-id");
  }

  private static Map<String, List<String>> request(Map<String, String> client) {
    return new UpstreamRequest(ACCOUNT, new byte[0], lists(client), "req-1").clientHeaders();
  }

  private static Map<String, List<String>> headers(Map<String, String> client) {
    return UpstreamHeaders.forUpstream(
        new UpstreamRequest(ACCOUNT, new byte[0], lists(client), "req-1"), "1.2.3");
  }

  private static Map<String, List<String>> lists(Map<String, String> client) {
    Map<String, List<String>> lists = new LinkedHashMap<>();
    client.forEach((name, value) -> lists.put(name, List.of(value)));
    return lists;
  }
}
