package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One login flow as the admin sees it: never a code, verifier or token.
 *
 * @param flowId the flow's id
 * @param method how the login is done
 * @param status where it is
 * @param expiresAt when a pending flow expires
 * @param authorizeUrl the URL to open (browser flows)
 * @param callbackListening whether the callback listener is open (browser flows)
 * @param userCode the code to enter (device flows)
 * @param verificationUrl where to enter it (device flows)
 * @param intervalSeconds how often codex-lb polls (device flows)
 * @param errorCode why it failed or expired
 * @param errorMessage the same for a human
 * @param accountId the account logged in (completed)
 * @param email its email, if known (completed)
 * @param created whether the account is new rather than updated (completed)
 */
public record OAuthFlowResult(
    String flowId,
    OAuthLoginUseCase.Method method,
    Status status,
    Instant expiresAt,
    Optional<String> authorizeUrl,
    Optional<Boolean> callbackListening,
    Optional<String> userCode,
    Optional<String> verificationUrl,
    Optional<Long> intervalSeconds,
    Optional<String> errorCode,
    Optional<String> errorMessage,
    Optional<String> accountId,
    Optional<String> email,
    Optional<Boolean> created) {

  /** Where a flow is. */
  public enum Status {
    PENDING,
    COMPLETED,
    FAILED,
    EXPIRED;

    /** The lowercase name. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public OAuthFlowResult {
    requireNonNull(flowId, "flowId");
    requireNonNull(method, "method");
    requireNonNull(status, "status");
    requireNonNull(expiresAt, "expiresAt");
    requireNonNull(authorizeUrl, "authorizeUrl");
    requireNonNull(callbackListening, "callbackListening");
    requireNonNull(userCode, "userCode");
    requireNonNull(verificationUrl, "verificationUrl");
    requireNonNull(intervalSeconds, "intervalSeconds");
    requireNonNull(errorCode, "errorCode");
    requireNonNull(errorMessage, "errorMessage");
    requireNonNull(accountId, "accountId");
    requireNonNull(email, "email");
    requireNonNull(created, "created");
  }
}
