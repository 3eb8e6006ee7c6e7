package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

/**
 * What the upstream client needs to act as one pooled account: its opened access token and the id
 * upstream knows it by. Never printed: {@link #toString()} hides the token.
 *
 * @param accessToken the account's OAuth access token, sent as {@code Authorization: Bearer}
 * @param chatgptAccountId sent as {@code chatgpt-account-id}
 */
public record UpstreamCredentials(String accessToken, String chatgptAccountId) {

  public UpstreamCredentials {
    requireNonNull(accessToken, "accessToken");
    requireNonNull(chatgptAccountId, "chatgptAccountId");
    if (accessToken.isBlank()) {
      throw new IllegalArgumentException("accessToken: blank (expected: the account's token)");
    }
  }

  @Override
  public String toString() {
    return "UpstreamCredentials[chatgptAccountId=" + chatgptAccountId + ", accessToken=***]";
  }
}
