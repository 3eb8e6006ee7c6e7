package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.limit.KeyLimit;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One administrative change of a key ({@code PATCH /api/api-keys/{id}}, {@code keys update}), which
 * {@link ApiKeyRepository#change} applies whole or not at all.
 *
 * @param key the key's name, active flag, expiry and allowed models as they should be, identified
 *     by its id; its hash, display prefix, creation and last use are not written
 * @param limits when present, the limits the key should have, at most one per type and window: a
 *     stored limit of a slot not listed is removed; one of a listed slot keeps its count and window
 *     and takes the listed {@code max_value}; a listed limit of a new slot is added as given
 * @param resetUsageAt when present, every limit (after the limits above) restarts at this instant
 *     with a count of zero, as the dashboard's "Reset usage" does
 */
public record ApiKeyChange(
    ApiKey key, Optional<List<KeyLimit>> limits, Optional<Instant> resetUsageAt) {

  public ApiKeyChange {
    requireNonNull(key, "key");
    requireNonNull(limits, "limits");
    requireNonNull(resetUsageAt, "resetUsageAt");
    limits = limits.map(List::copyOf);
    limits.ifPresent(
        list -> {
          Set<String> slots = new HashSet<>();
          for (KeyLimit limit : list) {
            if (!slots.add(limit.type().wireName() + " " + limit.window().wireName())) {
              throw new IllegalArgumentException(
                  "limits: two "
                      + limit.type().wireName()
                      + " "
                      + limit.window().wireName()
                      + " limits (expected: at most one per type and window)");
            }
          }
        });
  }
}
