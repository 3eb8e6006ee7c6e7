package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.PlanType;
import io.codexlb.domain.admin.AdminActor;
import java.time.Instant;
import java.util.Optional;

/**
 * The credentials of one ChatGPT login, in plain text until the service seals them.
 *
 * @param chatgptAccountId upstream's account id; it becomes the account's id
 * @param email the login's email, if known
 * @param plan the login's plan
 * @param accessToken the bearer token
 * @param refreshToken the refresh token
 * @param idToken the OpenID token
 * @param lastRefresh when the tokens were obtained, if known; else {@code now} is recorded
 * @param actor who imports it, for the audit log
 * @param now the current instant
 */
public record ImportAccountCommand(
    String chatgptAccountId,
    Optional<String> email,
    PlanType plan,
    String accessToken,
    String refreshToken,
    String idToken,
    Optional<Instant> lastRefresh,
    AdminActor actor,
    Instant now) {

  public ImportAccountCommand {
    requireNonNull(chatgptAccountId, "chatgptAccountId");
    requireNonNull(email, "email");
    requireNonNull(plan, "plan");
    requireNonNull(accessToken, "accessToken");
    requireNonNull(refreshToken, "refreshToken");
    requireNonNull(idToken, "idToken");
    requireNonNull(lastRefresh, "lastRefresh");
    requireNonNull(actor, "actor");
    requireNonNull(now, "now");
  }

  /** The identity only; the tokens are never printed. */
  @Override
  public String toString() {
    return "ImportAccountCommand[chatgptAccountId="
        + chatgptAccountId
        + ", email="
        + email.orElse("-")
        + ", plan="
        + plan
        + ", tokens=(hidden)]";
  }
}
