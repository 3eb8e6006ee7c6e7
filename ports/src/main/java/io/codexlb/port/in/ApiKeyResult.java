package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.limit.KeyLimit;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One API key as much as may be shown of it after its creation: never its text or hash.
 *
 * @param id its id
 * @param name its label
 * @param displayPrefix {@code sk-clb-} and the first characters of the key
 * @param active {@code is_active}
 * @param expiresAt {@code expires_at}, if it expires
 * @param allowedModels {@code allowed_models}; empty means every model
 * @param createdAt when it was created
 * @param lastUsedAt when it was last used, if ever
 * @param limits its limits with {@code current_value} and {@code reset_at} as the proxy enforces
 *     them now
 */
public record ApiKeyResult(
    ApiKeyId id,
    String name,
    String displayPrefix,
    boolean active,
    Optional<Instant> expiresAt,
    Set<String> allowedModels,
    Instant createdAt,
    Optional<Instant> lastUsedAt,
    List<KeyLimit> limits) {

  public ApiKeyResult {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(displayPrefix, "displayPrefix");
    requireNonNull(expiresAt, "expiresAt");
    allowedModels = Set.copyOf(requireNonNull(allowedModels, "allowedModels"));
    requireNonNull(createdAt, "createdAt");
    requireNonNull(lastUsedAt, "lastUsedAt");
    limits = List.copyOf(requireNonNull(limits, "limits"));
  }

  /** The shown part of {@code key}, with the given limits. */
  public static ApiKeyResult of(ApiKey key, List<KeyLimit> limits) {
    requireNonNull(key, "key");
    return new ApiKeyResult(
        key.id(),
        key.name(),
        key.displayPrefix(),
        key.active(),
        Optional.ofNullable(key.expiresAt()),
        key.allowedModels(),
        key.createdAt(),
        Optional.ofNullable(key.lastUsedAt()),
        limits);
  }
}
