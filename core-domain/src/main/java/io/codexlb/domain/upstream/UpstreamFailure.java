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
 * Rejected} goes back to the client as it is, and {@link Unreachable} (the network, not an account)
 * counts towards the {@link UpstreamBreaker}. {@link #accountEvent()} is what the failure means for
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

  /**
   * Upstream could not be reached at all: the connection was refused, the host name did not
   * resolve, the TLS handshake failed or connecting timed out. That is an outage of the upstream
   * (or of the network to it), not a fault of the account the request was sent as, so it benches no
   * account: it counts towards the {@link UpstreamBreaker} instead. Another attempt may go through
   * (a blip), so it is retried, but not as a reason to avoid the account.
   *
   * @param cause which network step failed
   * @param message what failed, for logs: the exception's class, never a token
   */
  record Unreachable(Cause cause, String message) implements UpstreamFailure {
    public Unreachable {
      requireNonNull(cause, "cause");
      requireNonNull(message, "message");
    }

    /** The network step that failed, with its code for logs and request logs. */
    public enum Cause {
      /** The connection was refused (nothing listens, or a firewall rejects it). */
      REFUSED("connection_refused"),
      /** The upstream host name did not resolve. */
      DNS("dns_failure"),
      /** The TLS handshake failed. */
      TLS("tls_failure"),
      /** Opening the connection took longer than the connect timeout. */
      CONNECT_TIMEOUT("connect_timeout");

      private final String code;

      Cause(String code) {
        this.code = code;
      }

      /** The code logged and written to the request log, such as {@code connection_refused}. */
      public String code() {
        return code;
      }
    }

    @Override
    public String code() {
      return cause.code();
    }

    @Override
    public Optional<AccountEvent> accountEvent() {
      return Optional.empty();
    }

    @Override
    public boolean failsOver() {
      return true;
    }
  }
}
