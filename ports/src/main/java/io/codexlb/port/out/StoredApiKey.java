package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.limit.KeyLimit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An API key as the store keeps it: the key (its hash, never its text) and its limits.
 *
 * @param key the key
 * @param limits its limits, at most one per type and window
 */
public record StoredApiKey(ApiKey key, List<KeyLimit> limits) {

  public StoredApiKey {
    requireNonNull(key, "key");
    limits = List.copyOf(requireNonNull(limits, "limits"));
    Set<String> seen = new HashSet<>();
    for (KeyLimit limit : limits) {
      String slot = limit.type().wireName() + ":" + limit.window().wireName();
      if (!seen.add(slot)) {
        throw new IllegalArgumentException("limits: two " + slot + " (expected: at most one)");
      }
    }
  }
}
