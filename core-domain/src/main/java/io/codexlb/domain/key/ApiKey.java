package io.codexlb.domain.key;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An API key as the store keeps it: its hash and display prefix, never its full text.
 *
 * @param id the key's identity
 * @param name a label for people; not blank
 * @param hash the SHA-256 of the full key
 * @param displayPrefix {@code sk-clb-} and the first characters of the key, for the dashboard
 * @param active {@code is_active}: an inactive key is refused
 * @param expiresAt {@code expires_at}: refused from this instant on; {@code null} means never
 * @param allowedModels {@code allowed_models}, exact and case-sensitive; empty means every model
 * @param createdAt when the key was created
 * @param lastUsedAt when a request last authenticated with it; {@code null} if never
 */
public record ApiKey(
    ApiKeyId id,
    String name,
    KeyHash hash,
    String displayPrefix,
    boolean active,
    @Nullable Instant expiresAt,
    Set<String> allowedModels,
    Instant createdAt,
    @Nullable Instant lastUsedAt) {

  public ApiKey {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(hash, "hash");
    requireNonNull(displayPrefix, "displayPrefix");
    requireNonNull(allowedModels, "allowedModels");
    requireNonNull(createdAt, "createdAt");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name: blank (expected: a label for the key)");
    }
    if (!displayPrefix.startsWith(PlainApiKey.PREFIX)
        || displayPrefix.length() > PlainApiKey.DISPLAY_LENGTH) {
      throw new IllegalArgumentException(
          "displayPrefix: '"
              + displayPrefix
              + "' (expected: sk-clb- and at most "
              + (PlainApiKey.DISPLAY_LENGTH - PlainApiKey.PREFIX.length())
              + " more characters)");
    }
    allowedModels.forEach(model -> requireNonNull(model, "allowedModels element"));
    allowedModels = Collections.unmodifiableSet(new LinkedHashSet<>(allowedModels));
  }

  /**
   * A new, active key for the given plain key: created now, never used, with the given expiry
   * ({@code null}: never) and allowed models (empty: all).
   */
  public static ApiKey create(
      ApiKeyId id,
      String name,
      PlainApiKey plainKey,
      @Nullable Instant expiresAt,
      Set<String> allowedModels,
      Instant now) {
    requireNonNull(plainKey, "plainKey");
    return new ApiKey(
        id,
        name,
        plainKey.hash(),
        plainKey.displayPrefix(),
        true,
        expiresAt,
        allowedModels,
        now,
        null);
  }

  /** Whether the key has expired at the given instant: at or after {@code expires_at}. */
  public boolean expiredAt(Instant now) {
    requireNonNull(now, "now");
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /** Whether the key may use the model: exact, case-sensitive match; an empty list allows all. */
  public ModelCheck checkModel(String model) {
    requireNonNull(model, "model");
    if (allowedModels.isEmpty() || allowedModels.contains(model)) {
      return ModelCheck.Allowed.INSTANCE;
    }
    return new ModelCheck.ModelNotAllowed(model);
  }

  /** This key, marked as used at the given instant. */
  public ApiKey usedAt(Instant now) {
    return new ApiKey(
        id,
        name,
        hash,
        displayPrefix,
        active,
        expiresAt,
        allowedModels,
        createdAt,
        requireNonNull(now, "now"));
  }

  /** This key, activated or deactivated. */
  public ApiKey withActive(boolean newActive) {
    return new ApiKey(
        id, name, hash, displayPrefix, newActive, expiresAt, allowedModels, createdAt, lastUsedAt);
  }
}
