package io.codexlb.domain.upstream;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Why upstream did not serve a request, classified as failover needs it (after upstream codex-lb's
 * {@code classify_upstream_failure}): the first three move the request to another account before
 * anything reached the client, {@link Unauthorized} refreshes the account's token once, {@link
 * Rejected} goes back to the client as it is. {@link #accountEvent()} is what the failure means for
 * the account's state.
 */
public sealed interface UpstreamFailure {

  /** The upstream error's {@code code} (or type), for logs and request logs. */
  String code();

  /** The upstream error's message, for logs; never contains a token. */
  String message();

  /** What this failure does to the account that served it; empty when it says nothing of it. */
  Optional<AccountEvent> accountEvent();

  /** Whether the request may be moved to another account (when nothing was sent to the client). */
  default boolean failsOver() {
    return false;
  }

  /**
   * The account is rate limited ({@code rate_limit_exceeded}, {@code usage_limit_reached}).
   *
   * @param resetAt when upstream said the limit ends ({@code resets_at}, or now plus {@code
   *     resets_in_seconds})
   * @param retryAfter a "try again in" hint from the message
   */
  record RateLimited(
      String code, String message, Optional<Instant> resetAt, Optional<Duration> retryAfter)
      implements UpstreamFailure {
    public RateLimited {
      requireNonNull(code, "code");
      requireNonNull(message, "message");
      requireNonNull(resetAt, "resetAt");
      requireNonNull(retryAfter, "retryAfter");
    }

    @Override
    public Optional<AccountEvent> accountEvent() {
      return Optional.of(new AccountEvent.RateLimitHit(resetAt, retryAfter));
    }

    @Override
    public boolean failsOver() {
      return true;
    }
  }

  /**
   * The account's quota is used up ({@code insufficient_quota}, {@code usage_not_included}, {@code
   * quota_exceeded}).
   *
   * @param resetAt when upstream said the quota resets
   */
  record QuotaExceeded(String code, String message, Optional<Instant> resetAt)
      implements UpstreamFailure {
    public QuotaExceeded {
      requireNonNull(code, "code");
      requireNonNull(message, "message");
      requireNonNull(resetAt, "resetAt");
    }

    @Override
    public Optional<AccountEvent> accountEvent() {
      return Optional.of(new AccountEvent.QuotaExhausted(resetAt));
    }

    @Override
    public boolean failsOver() {
      return true;
    }
  }

  /**
   * A failure another attempt may not meet: HTTP 5xx, {@code server_is_overloaded} (also inside a
   * 200 stream), a stream cut before its terminal event, a timeout, a refused connection.
   *
   * @param status the HTTP status, or 0 when there was no response
   */
  record Transient(int status, String code, String message) implements UpstreamFailure {
    public Transient {
      requireNonNull(code, "code");
      requireNonNull(message, "message");
    }

    @Override
    public Optional<AccountEvent> accountEvent() {
      return Optional.of(new AccountEvent.TransientErrorOccurred());
    }

    @Override
    public boolean failsOver() {
      return true;
    }
  }

  /** HTTP 401: the account's access token was not accepted; refresh it once and retry. */
  record Unauthorized(String code, String message) implements UpstreamFailure {
    public Unauthorized {
      requireNonNull(code, "code");
      requireNonNull(message, "message");
    }

    @Override
    public Optional<AccountEvent> accountEvent() {
      return Optional.empty();
    }
  }

  /**
   * A refusal that says nothing about the account (a bad request, a model the plan does not
   * include): the client gets it, the account is not penalized.
   *
   * @param status the HTTP status upstream answered with
   */
  record Rejected(int status, String code, String message) implements UpstreamFailure {
    public Rejected {
      requireNonNull(code, "code");
      requireNonNull(message, "message");
    }

    @Override
    public Optional<AccountEvent> accountEvent() {
      return Optional.empty();
    }
  }
}
