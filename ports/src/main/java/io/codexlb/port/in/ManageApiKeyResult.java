package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.PlainApiKey;

/** The outcome of a {@link ManageApiKeysUseCase} call. */
public sealed interface ManageApiKeyResult {

  /**
   * The key as it now is (after an update: with the update applied).
   *
   * @param key the key
   */
  record Found(ApiKeyResult key) implements ManageApiKeyResult {
    public Found {
      requireNonNull(key, "key");
    }
  }

  /**
   * The key has a new text; the old one is refused from now on.
   *
   * @param key the key
   * @param plainKey the new full key, to show once and then forget
   */
  record Regenerated(ApiKeyResult key, PlainApiKey plainKey) implements ManageApiKeyResult {
    public Regenerated {
      requireNonNull(key, "key");
      requireNonNull(plainKey, "plainKey");
    }
  }

  /**
   * The key and its limits are gone.
   *
   * @param id the key's id
   */
  record Deleted(ApiKeyId id) implements ManageApiKeyResult {
    public Deleted {
      requireNonNull(id, "id");
    }
  }

  /**
   * There is no key with this id; nothing changed.
   *
   * @param id the id asked for
   */
  record NotFound(ApiKeyId id) implements ManageApiKeyResult {
    public NotFound {
      requireNonNull(id, "id");
    }
  }

  /**
   * The command has a bad value; nothing changed.
   *
   * @param field the field at fault, in the API's spelling ({@code limits[0].max_value})
   * @param message one line naming the field, the value and what was expected
   */
  record Invalid(String field, String message) implements ManageApiKeyResult {
    public Invalid {
      requireNonNull(field, "field");
      requireNonNull(message, "message");
    }
  }
}
