package io.codexlb.port.in;

import io.codexlb.domain.key.KeyValidation;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Tells who a request's bearer key belongs to, from memory: the proxy calls it on every request, so
 * it never reads the store. Keys created, changed or deleted anywhere are seen within about a
 * second (see {@link io.codexlb.port.out.StoreChangePublisher}).
 */
public interface AuthenticateApiKeyUseCase {

  /**
   * Validates a presented key.
   *
   * @param presented the bearer token as sent, or {@code null} when the request had none
   * @param now the instant of the request
   * @return the outcome: valid with the key, or why not (missing, not a codex-lb key, unknown,
   *     inactive, expired)
   */
  KeyValidation authenticate(@Nullable String presented, Instant now);
}
