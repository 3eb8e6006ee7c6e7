package io.codexlb.domain.key;

import static java.util.Objects.requireNonNull;

/**
 * Identifies one API key in the store. Not secret: it names the key in the dashboard, the admin API
 * and the request log.
 *
 * @param value non-blank, at most 64 characters
 */
public record ApiKeyId(String value) {

  private static final int MAX_LENGTH = 64;

  public ApiKeyId {
    requireNonNull(value, "value");
    if (value.isBlank() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "value: '" + value + "' (expected: 1 to " + MAX_LENGTH + " characters, not blank)");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
