package io.codexlb.adapter.oauth;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.PlanType;
import java.time.Instant;
import java.util.Optional;

/**
 * The credentials of one ChatGPT login as the Codex CLI saves them in {@code auth.json}, with the
 * identity its id_token names. Holds tokens in plain text: seal them before they go anywhere.
 *
 * @param accessToken the bearer token sent upstream
 * @param refreshToken the token that gets the next access token
 * @param idToken the OpenID token the identity and plan come from
 * @param chatgptAccountId the ChatGPT account id (the id_token's {@code chatgpt_account_id}, else
 *     the file's {@code tokens.account_id})
 * @param email the id_token's email, if it has one
 * @param plan the id_token's {@code chatgpt_plan_type}
 * @param lastRefresh the file's {@code last_refresh}, if it has one
 */
public record CodexAuthFile(
    String accessToken,
    String refreshToken,
    String idToken,
    String chatgptAccountId,
    Optional<String> email,
    PlanType plan,
    Optional<Instant> lastRefresh) {

  public CodexAuthFile {
    requireNonNull(accessToken, "accessToken");
    requireNonNull(refreshToken, "refreshToken");
    requireNonNull(idToken, "idToken");
    requireNonNull(chatgptAccountId, "chatgptAccountId");
    requireNonNull(email, "email");
    requireNonNull(plan, "plan");
    requireNonNull(lastRefresh, "lastRefresh");
  }

  /** The identity only; the tokens are never printed. */
  @Override
  public String toString() {
    return "CodexAuthFile[chatgptAccountId="
        + chatgptAccountId
        + ", email="
        + email.orElse("-")
        + ", plan="
        + plan
        + ", tokens=(hidden)]";
  }
}
