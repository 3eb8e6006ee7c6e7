package io.codexlb.port.in;

/**
 * {@code GET /v1/usage}: what a key's holder may know of their own key, authenticated by that key
 * alone; never another key's data.
 */
public interface KeyUsageUseCase {

  /** The presented key's limits, models and expiry, or why it gets none. */
  KeyUsageResult usage(AuthenticateBearerQuery query);
}
