package io.codexlb.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Writes the {@code auth.json} that Codex CLI leaves after a login, for an account of our choosing.
 * The id_token is unsigned: {@code accounts import} reads its claims (the {@code
 * chatgpt_account_id} becomes the account's id and its {@code chatgpt-account-id} upstream, which
 * is how the fake backend tells accounts apart), it does not verify it.
 */
final class AuthJson {

  private AuthJson() {}

  /** The access token the server must send upstream for {@code accountId}. */
  static String accessToken(String accountId) {
    return "access-token-of-" + accountId;
  }

  /** Writes {@code <dir>/auth-<accountId>.json} and returns its path. */
  static Path write(Path dir, String accountId) {
    String json =
        "{\"tokens\":{\"id_token\":\""
            + idToken(accountId)
            + "\",\"access_token\":\""
            + accessToken(accountId)
            + "\",\"refresh_token\":\"refresh-token-of-"
            + accountId
            + "\",\"account_id\":\""
            + accountId
            + "\"},\"last_refresh\":\"2026-11-27T11:00:00Z\"}";
    try {
      return Files.writeString(dir.resolve("auth-" + accountId + ".json"), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String idToken(String accountId) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String claims =
        "{\"email\":\""
            + accountId
            + "@example.com\",\"https://api.openai.com/auth\":{\"chatgpt_account_id\":\""
            + accountId
            + "\",\"chatgpt_plan_type\":\"pro\"}}";
    return base64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + ".unsigned";
  }
}
