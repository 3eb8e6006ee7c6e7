package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Responses request to forward upstream for one account, as the client sent it: the client
 * adapter does not interpret the body beyond what the proxy needs, and the upstream adapter
 * normalizes it ({@code store: false}, {@code stream: true}, unsupported fields removed; unknown
 * fields and tool types kept) and chooses which client headers go on.
 *
 * @param credentials the account to act as
 * @param body the client's JSON body, UTF-8
 * @param clientHeaders the client's headers, names in any case; the adapter drops the client's own
 *     credentials and hop-by-hop headers and passes the Codex session headers through
 * @param requestId this request's id, sent upstream as {@code x-request-id}
 */
public record UpstreamRequest(
    UpstreamCredentials credentials,
    byte[] body,
    Map<String, List<String>> clientHeaders,
    String requestId) {

  public UpstreamRequest {
    requireNonNull(credentials, "credentials");
    requireNonNull(body, "body");
    requireNonNull(clientHeaders, "clientHeaders");
    requireNonNull(requestId, "requestId");
    body = body.clone();
    TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    clientHeaders.forEach((name, values) -> headers.put(name, List.copyOf(values)));
    clientHeaders = java.util.Collections.unmodifiableMap(headers);
  }

  /** The body, a copy. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** Never the token, never the body. */
  @Override
  public String toString() {
    return "UpstreamRequest["
        + credentials
        + ", "
        + body.length
        + " body bytes, requestId="
        + requestId
        + "]";
  }
}
