package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.KeyValidation;

/** Whether a request's key may use the proxy, or why not. */
public sealed interface AuthenticateBearerResult {

  /** The key authenticates: the request may go on (and send its body). */
  enum Accepted implements AuthenticateBearerResult {
    INSTANCE
  }

  /**
   * The key does not authenticate: the HTTP layer answers 401 {@code invalid_api_key}.
   *
   * @param validation why, for the log; never {@link KeyValidation.Valid}
   */
  record Refused(KeyValidation validation) implements AuthenticateBearerResult {
    public Refused {
      requireNonNull(validation, "validation");
      if (validation.valid()) {
        throw new IllegalArgumentException("validation: valid (expected: a refusal)");
      }
    }
  }

  /**
   * The server cannot tell yet (its store is not open): 503 {@code service_unavailable}.
   *
   * @param reason for the client; names no secret
   */
  record NotReady(String reason) implements AuthenticateBearerResult {
    public NotReady {
      requireNonNull(reason, "reason");
    }
  }
}
