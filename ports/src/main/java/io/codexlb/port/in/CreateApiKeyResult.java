package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.PlainApiKey;
import io.codexlb.domain.limit.KeyLimit;
import java.util.List;

/** The outcome of {@link CreateApiKeyUseCase#createApiKey}. */
public sealed interface CreateApiKeyResult {

  /**
   * The key was stored.
   *
   * @param key the key as stored (its hash, never its text)
   * @param plainKey the full key, to show its owner once and then forget
   * @param limits its limits as stored
   */
  record Created(ApiKey key, PlainApiKey plainKey, List<KeyLimit> limits)
      implements CreateApiKeyResult {
    public Created {
      requireNonNull(key, "key");
      requireNonNull(plainKey, "plainKey");
      limits = List.copyOf(requireNonNull(limits, "limits"));
    }
  }

  /**
   * The command has a bad value; nothing was stored.
   *
   * @param field the command's field at fault, e.g. {@code expiresAt}
   * @param message one line, {@code field: value (expected: ...)}
   */
  record Invalid(String field, String message) implements CreateApiKeyResult {
    public Invalid {
      requireNonNull(field, "field");
      requireNonNull(message, "message");
    }
  }
}
