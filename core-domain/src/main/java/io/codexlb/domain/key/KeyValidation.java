package io.codexlb.domain.key;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The outcome of validating a presented key. Every outcome but {@link Valid} is a refusal; the HTTP
 * layer answers them all with 401 {@code invalid_api_key}, and keeps them apart only for its logs
 * and messages. No outcome holds the presented text.
 */
public sealed interface KeyValidation {

  /** Whether the key may be used: only {@link Valid} says yes. */
  default boolean valid() {
    return this instanceof Valid;
  }

  /** The message for the client (upstream's wording); for {@link Valid}, an empty string. */
  String message();

  /**
   * The key is known, active and not expired.
   *
   * @param key the stored key
   */
  record Valid(ApiKey key) implements KeyValidation {
    public Valid {
      requireNonNull(key, "key");
    }

    @Override
    public String message() {
      return "";
    }
  }

  /** No key was presented (no {@code Authorization} header, or an empty one). */
  enum Missing implements KeyValidation {
    INSTANCE;

    @Override
    public String message() {
      return "Missing API key in Authorization header";
    }
  }

  /** The presented text does not start with {@code sk-clb-}: not a codex-lb key at all. */
  enum NotCodexLbKey implements KeyValidation {
    INSTANCE;

    @Override
    public String message() {
      return "Invalid API key";
    }
  }

  /** The text has the codex-lb form, but no stored key has its hash (wrong, or deleted). */
  enum Unknown implements KeyValidation {
    INSTANCE;

    @Override
    public String message() {
      return "Invalid API key";
    }
  }

  /**
   * The key exists but is not active.
   *
   * @param id the deactivated key
   */
  record Inactive(ApiKeyId id) implements KeyValidation {
    public Inactive {
      requireNonNull(id, "id");
    }

    @Override
    public String message() {
      return "Invalid API key";
    }
  }

  /**
   * The key exists but its {@code expires_at} has passed.
   *
   * @param id the expired key
   * @param expiredAt its {@code expires_at}
   */
  record Expired(ApiKeyId id, Instant expiredAt) implements KeyValidation {
    public Expired {
      requireNonNull(id, "id");
      requireNonNull(expiredAt, "expiredAt");
    }

    @Override
    public String message() {
      return "API key has expired";
    }
  }
}
