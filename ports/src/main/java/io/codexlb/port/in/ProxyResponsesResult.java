package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.KeyValidation;
import io.codexlb.domain.key.ModelCheck;
import io.codexlb.domain.limit.Admission;
import io.codexlb.domain.routing.PickResult;
import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.domain.upstream.UpstreamFailure;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Flow;

/** How the proxy answers a request: refused before anything was streamed, or a stream. */
public sealed interface ProxyResponsesResult {

  /**
   * Nothing was streamed; the client gets an error status.
   *
   * @param refusal why, with the status and error code the client gets
   */
  record Refused(Refusal refusal) implements ProxyResponsesResult {
    public Refused {
      requireNonNull(refusal, "refusal");
    }
  }

  /**
   * An account is serving. The events end with a terminal one ({@link UpstreamEvent#terminal()}); a
   * failure after this point is a terminal {@link UpstreamEvent.Failed} event, never a refusal. The
   * caller must subscribe once, or subscribe and cancel: the reservation, the account's slot and
   * the request log are settled when the stream ends or is cancelled (a client that went away).
   *
   * @param headersForClient upstream response headers the client should get, names in lower case
   * @param events the response's events, demand-driven
   */
  record Streaming(Map<String, String> headersForClient, Flow.Publisher<UpstreamEvent> events)
      implements ProxyResponsesResult {
    public Streaming {
      headersForClient = Map.copyOf(requireNonNull(headersForClient, "headersForClient"));
      requireNonNull(events, "events");
    }
  }

  /**
   * Why the proxy refused a request before streaming anything. Each refusal knows the HTTP status
   * and the error {@code code} the troubleshooting guide gives it, so that the HTTP adapter and the
   * request log agree.
   */
  sealed interface Refusal {

    /** The HTTP status the client gets. */
    int status();

    /** The error envelope's {@code code}. */
    String code();

    /** 401 {@code invalid_api_key}: no key, not a codex-lb key, unknown, inactive or expired. */
    record InvalidKey(KeyValidation validation) implements Refusal {
      public InvalidKey {
        requireNonNull(validation, "validation");
        if (validation.valid()) {
          throw new IllegalArgumentException("validation: valid (expected: a refusal)");
        }
      }

      @Override
      public int status() {
        return 401;
      }

      @Override
      public String code() {
        return "invalid_api_key";
      }
    }

    /** 403 {@code model_not_allowed}: the key's allow-list does not name the model. */
    record ModelNotAllowed(ModelCheck.ModelNotAllowed check) implements Refusal {
      public ModelNotAllowed {
        requireNonNull(check, "check");
      }

      @Override
      public int status() {
        return 403;
      }

      @Override
      public String code() {
        return "model_not_allowed";
      }
    }

    /**
     * 429 {@code rate_limit_exceeded}: one of the key's limits is used up, or near with another
     * request in flight.
     */
    record LimitExceeded(Admission.Refused admission) implements Refusal {
      public LimitExceeded {
        requireNonNull(admission, "admission");
      }

      @Override
      public int status() {
        return 429;
      }

      @Override
      public String code() {
        return "rate_limit_exceeded";
      }
    }

    /** 503 {@code no_accounts}: no account of the pool can serve now. */
    record NoAccounts(PickResult.Refused pick) implements Refusal {
      public NoAccounts {
        requireNonNull(pick, "pick");
      }

      @Override
      public int status() {
        return 503;
      }

      @Override
      public String code() {
        return "no_accounts";
      }
    }

    /**
     * 429 {@code accounts_busy}: every account that could serve is at its concurrency cap ({@code
     * account_stream_limit}), and no slot came free within the queue's wait ({@code
     * CODEX_LB_ACCOUNT_QUEUE_TIMEOUT_SECONDS}), or the queue was full. The accounts are active:
     * this is load, not an outage.
     *
     * @param retryAfterSeconds the {@code Retry-After} the client gets, at least 1
     */
    record AccountsBusy(long retryAfterSeconds) implements Refusal {
      public AccountsBusy {
        if (retryAfterSeconds < 1) {
          throw new IllegalArgumentException(
              "retryAfterSeconds: " + retryAfterSeconds + " (expected: >= 1)");
        }
      }

      @Override
      public int status() {
        return 429;
      }

      @Override
      public String code() {
        return "accounts_busy";
      }
    }

    /**
     * 503 {@code upstream_unavailable}: upstream cannot be reached (connections refused, DNS, TLS,
     * connect timeouts), so its breaker is open or the request's attempts all failed so; no account
     * was blamed.
     *
     * @param retryAt when upstream is tried again (the breaker's next probe), for {@code
     *     Retry-After}
     */
    record UpstreamUnavailable(Instant retryAt) implements Refusal {
      public UpstreamUnavailable {
        requireNonNull(retryAt, "retryAt");
      }

      @Override
      public int status() {
        return 503;
      }

      @Override
      public String code() {
        return "upstream_unavailable";
      }
    }

    /**
     * Upstream failed and no other account could serve instead. A refusal that says nothing about
     * the account ({@link UpstreamFailure.Rejected}, such as a bad request) keeps upstream's 4xx
     * status and code; everything else is 502 {@code upstream_error}, or 503 when upstream said it
     * was unavailable or overloaded.
     */
    record UpstreamFailed(UpstreamFailure failure) implements Refusal {
      public UpstreamFailed {
        requireNonNull(failure, "failure");
      }

      @Override
      public int status() {
        if (failure instanceof UpstreamFailure.Rejected rejected
            && rejected.status() >= 400
            && rejected.status() <= 499) {
          return rejected.status();
        }
        if (failure instanceof UpstreamFailure.Transient failed
            && (failed.status() == 503 || failed.code().contains("overloaded"))) {
          return 503;
        }
        return 502;
      }

      @Override
      public String code() {
        return failure instanceof UpstreamFailure.Rejected && status() < 500
            ? failure.code()
            : "upstream_error";
      }
    }

    /**
     * 499 {@code client_closed_request} (nginx's convention): the client went away before anything
     * was streamed to it ({@link ProxyResponsesCommand#clientGone()}). Nobody reads the answer; it
     * is what the request log keeps.
     */
    record ClientGone() implements Refusal {
      @Override
      public int status() {
        return 499;
      }

      @Override
      public String code() {
        return "client_closed_request";
      }
    }

    /**
     * 503 {@code service_unavailable}: the server cannot serve yet (its store is not open); the
     * client may try again in a second.
     *
     * @param reason why, for the client; never a secret
     */
    record NotReady(String reason) implements Refusal {
      public NotReady {
        requireNonNull(reason, "reason");
      }

      @Override
      public int status() {
        return 503;
      }

      @Override
      public String code() {
        return "service_unavailable";
      }
    }
  }
}
