package io.codexlb.domain.key;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Validates a presented key against the stored keys. The outcomes are checked in a fixed order:
 * missing, not a codex-lb key, unknown, inactive, expired; the first that applies wins.
 */
public final class ApiKeyValidator {

  private ApiKeyValidator() {}

  /**
   * Validates a presented key.
   *
   * @param presented the bearer token as the client sent it, or {@code null} if it sent none
   * @param findByHash the stored key with a given hash, if any (an in-memory index or the store)
   * @param now the instant of the request, for the expiry check
   */
  public static KeyValidation validate(
      @Nullable String presented, Function<KeyHash, Optional<ApiKey>> findByHash, Instant now) {
    requireNonNull(findByHash, "findByHash");
    requireNonNull(now, "now");
    if (presented == null || presented.isBlank()) {
      return KeyValidation.Missing.INSTANCE;
    }
    if (!presented.startsWith(PlainApiKey.PREFIX)) {
      return KeyValidation.NotCodexLbKey.INSTANCE;
    }
    KeyHash hash = KeyHash.of(presented);
    Optional<ApiKey> found = requireNonNull(findByHash.apply(hash), "findByHash result");
    // The lookup may use an ordinary map or an index; the final word is a constant-time comparison,
    // so whatever the lookup did, accepting a key never depends on an early-exit string compare.
    if (found.isEmpty() || !found.get().hash().matches(hash)) {
      return KeyValidation.Unknown.INSTANCE;
    }
    ApiKey key = found.get();
    if (!key.active()) {
      return new KeyValidation.Inactive(key.id());
    }
    Instant expiresAt = key.expiresAt();
    if (expiresAt != null && key.expiredAt(now)) {
      return new KeyValidation.Expired(key.id(), expiresAt);
    }
    return new KeyValidation.Valid(key);
  }
}
