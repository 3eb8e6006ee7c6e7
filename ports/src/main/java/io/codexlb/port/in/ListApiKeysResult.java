package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.limit.KeyLimit;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The API keys.
 *
 * @param keys ordered by id
 */
public record ListApiKeysResult(List<Entry> keys) {

  public ListApiKeysResult {
    keys = List.copyOf(requireNonNull(keys, "keys"));
  }

  /**
   * One key, as much as may be shown of it.
   *
   * @param id its id
   * @param name its label
   * @param displayPrefix {@code sk-clb-} and the first characters of the key
   * @param active whether it is active
   * @param expiresAt when it expires, if ever
   * @param allowedModels the models it may use; empty means every model
   * @param limits its limits, ordered by type, then window
   */
  public record Entry(
      ApiKeyId id,
      String name,
      String displayPrefix,
      boolean active,
      Optional<Instant> expiresAt,
      Set<String> allowedModels,
      List<KeyLimit> limits) {

    public Entry {
      requireNonNull(id, "id");
      requireNonNull(name, "name");
      requireNonNull(displayPrefix, "displayPrefix");
      requireNonNull(expiresAt, "expiresAt");
      requireNonNull(allowedModels, "allowedModels");
      limits = List.copyOf(requireNonNull(limits, "limits"));
    }
  }
}
