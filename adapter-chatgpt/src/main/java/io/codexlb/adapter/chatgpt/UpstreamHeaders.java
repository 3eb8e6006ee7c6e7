package io.codexlb.adapter.chatgpt;

import io.codexlb.port.out.UpstreamCredentials;
import io.codexlb.port.out.UpstreamRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The headers of an upstream request: the client's, minus its own credentials, the proxy and
 * hop-by-hop headers and what the adapter sets itself, plus the account's credentials and, for
 * clients that are not Codex, the Codex client identity (so upstream treats SDK traffic like Codex
 * traffic rather than downgrading its priority).
 */
final class UpstreamHeaders {

  /** Dropped by name, lower case. */
  private static final Set<String> DROPPED =
      Set.of(
          // the client's own credentials, for the proxy, never for upstream
          "authorization",
          "chatgpt-account-id",
          "cookie",
          "x-api-key",
          "api-key",
          // describe the hop to the proxy, not to upstream
          "content-length",
          // the proxy inflated the body; what goes upstream is the normalized JSON
          "content-encoding",
          "host",
          "forwarded",
          "x-real-ip",
          "true-client-ip",
          // per-account in the original; the adapter has no per-account installation id to give
          "x-codex-installation-id",
          "x-codex-lb-required-capability",
          "x-openai-internal-codex-responses-lite",
          // hop-by-hop (RFC 9110 7.6.1)
          "connection",
          "keep-alive",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          // the adapter sets these itself; compressed SSE could not be parsed as it arrives
          "accept",
          "accept-encoding",
          "content-type",
          "x-request-id");

  /** Dropped by prefix, lower case. */
  private static final List<String> DROPPED_PREFIXES = List.of("x-forwarded-", "cf-", "proxy-");

  /** Dropped for clients that are not Codex, by prefix. */
  private static final List<String> FINGERPRINT_PREFIXES =
      List.of("x-openai-client-", "x-stainless-");

  private static final Set<String> FINGERPRINT = Set.of("user-agent", "originator", "version");

  private static final List<String> CODEX_USER_AGENTS =
      List.of(
          "codex_cli_rs",
          "codex-tui",
          "codex_exec",
          "codex_sdk_ts",
          "codex_vscode",
          "codex desktop",
          "codex ");

  private static final Set<String> CODEX_ORIGINATORS =
      Set.of(
          "codex desktop",
          "codex_atlas",
          "codex_chatgpt_desktop",
          "codex_cli_rs",
          "codex_exec",
          "codex_sdk_ts",
          "codex_vscode");

  private UpstreamHeaders() {}

  /**
   * The headers to send, names in lower case, in the client's order followed by the adapter's.
   *
   * @param codexVersion announced for clients that are not Codex
   */
  static Map<String, List<String>> forUpstream(UpstreamRequest request, String codexVersion) {
    Map<String, List<String>> client = request.clientHeaders();
    Set<String> namedByConnection = connectionTokens(client.get("connection"));
    boolean codexClient = isCodexClient(client);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    client.forEach(
        (name, values) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          if (!dropped(lower)
              && !namedByConnection.contains(lower)
              && (codexClient || !fingerprint(lower))) {
            headers.put(lower, values);
          }
        });
    if (!codexClient) {
      putCodexIdentity(headers, codexVersion);
    }
    putCredentials(headers, request.credentials());
    headers.put("accept", List.of("text/event-stream"));
    headers.put("content-type", List.of("application/json"));
    headers.put("x-request-id", List.of(request.requestId()));
    return headers;
  }

  /** Puts the identity of Codex CLI at {@code codexVersion}: user agent, originator, version. */
  static void putCodexIdentity(Map<String, List<String>> headers, String codexVersion) {
    headers.put(
        "user-agent",
        List.of("codex_cli_rs/" + codexVersion + " (Mac OS 26.5.0; arm64) iTerm.app/3.6.10"));
    headers.put("originator", List.of("codex_cli_rs"));
    headers.put("version", List.of(codexVersion));
  }

  /**
   * Puts the account's credentials: {@code authorization} with its token, and {@code
   * chatgpt-account-id} unless its id is blank or synthetic.
   */
  static void putCredentials(Map<String, List<String>> headers, UpstreamCredentials credentials) {
    headers.put("authorization", List.of("Bearer " + credentials.accessToken()));
    String accountId = credentials.chatgptAccountId();
    // Synthetic ids stand for accounts upstream does not know by id.
    if (!accountId.isBlank()
        && !accountId.startsWith("email_")
        && !accountId.startsWith("local_")) {
      headers.put("chatgpt-account-id", List.of(accountId));
    }
  }

  /** Whether the client identifies as Codex by its user agent or its originator. */
  static boolean isCodexClient(Map<String, List<String>> clientHeaders) {
    String userAgent = first(clientHeaders, "user-agent").toLowerCase(Locale.ROOT);
    String originator = first(clientHeaders, "originator").trim().toLowerCase(Locale.ROOT);
    return CODEX_USER_AGENTS.stream().anyMatch(userAgent::startsWith)
        || CODEX_ORIGINATORS.contains(originator);
  }

  private static boolean dropped(String name) {
    return DROPPED.contains(name) || DROPPED_PREFIXES.stream().anyMatch(name::startsWith);
  }

  private static boolean fingerprint(String name) {
    return FINGERPRINT.contains(name) || FINGERPRINT_PREFIXES.stream().anyMatch(name::startsWith);
  }

  /** Headers a {@code Connection} header names are hop-by-hop too. */
  private static Set<String> connectionTokens(@Nullable List<String> values) {
    if (values == null) {
      return Set.of();
    }
    Set<String> tokens = new java.util.HashSet<>();
    for (String value : values) {
      for (String token : value.split(",")) {
        tokens.add(token.trim().toLowerCase(Locale.ROOT));
      }
    }
    return tokens;
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }
}
