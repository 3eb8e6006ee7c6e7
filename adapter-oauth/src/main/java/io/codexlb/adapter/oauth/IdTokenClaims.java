package io.codexlb.adapter.oauth;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What codex-lb reads from an OpenAI id_token: who the login is and on which plan. Each claim is
 * taken from the {@code https://api.openai.com/auth} object first and from the top level failing
 * that.
 *
 * @param email {@code email}
 * @param chatgptAccountId {@code chatgpt_account_id}
 * @param chatgptPlanType {@code chatgpt_plan_type}, as sent
 * @param chatgptUserId {@code chatgpt_user_id}
 */
record IdTokenClaims(
    Optional<String> email,
    Optional<String> chatgptAccountId,
    Optional<String> chatgptPlanType,
    Optional<String> chatgptUserId) {

  public IdTokenClaims {
    requireNonNull(email, "email");
    requireNonNull(chatgptAccountId, "chatgptAccountId");
    requireNonNull(chatgptPlanType, "chatgptPlanType");
    requireNonNull(chatgptUserId, "chatgptUserId");
  }
}
