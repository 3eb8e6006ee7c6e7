package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.PlanType;
import java.util.Optional;

/**
 * The tokens and identity of one completed OAuth login.
 *
 * @param chatgptAccountId the {@code chatgpt_account_id} claim
 * @param email the {@code email} claim, if any
 * @param plan the {@code chatgpt_plan_type} claim
 * @param accessToken the bearer token
 * @param refreshToken the refresh token
 * @param idToken the OpenID token
 */
public record OAuthLogin(
    String chatgptAccountId,
    Optional<String> email,
    PlanType plan,
    String accessToken,
    String refreshToken,
    String idToken) {

  public OAuthLogin {
    requireNonNull(chatgptAccountId, "chatgptAccountId");
    requireNonNull(email, "email");
    requireNonNull(plan, "plan");
    requireNonNull(accessToken, "accessToken");
    requireNonNull(refreshToken, "refreshToken");
    requireNonNull(idToken, "idToken");
  }

  /** The identity only; the tokens are never printed. */
  @Override
  public String toString() {
    return "OAuthLogin[" + chatgptAccountId + ", " + email.orElse("-") + ", " + plan + "]";
  }
}
