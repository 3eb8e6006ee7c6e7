package io.codexlb.domain.sticky;

import static java.util.Objects.requireNonNull;

/**
 * The key that pins a conversation to an account: a client's {@code prompt_cache_key} or its Codex
 * session id. Compared exactly, case and all, because clients send opaque identifiers.
 *
 * @param value not blank, at most {@value #MAX_LENGTH} characters
 */
public record StickyKey(String value) {

  /** The longest key kept; bounds the memory one pin can take. */
  public static final int MAX_LENGTH = 512;

  public StickyKey {
    requireNonNull(value, "value");
    if (!isAcceptable(value)) {
      throw new IllegalArgumentException(
          "value: '"
              + abbreviate(value)
              + "' (expected: 1 to "
              + MAX_LENGTH
              + " characters, not blank)");
    }
  }

  /** Whether {@code value} would make a valid key; lets callers skip a bad source, not fail. */
  static boolean isAcceptable(String value) {
    return !value.isBlank() && value.length() <= MAX_LENGTH;
  }

  // An over-long client value must not flood an error message or a log line.
  private static String abbreviate(String value) {
    return value.length() <= 64 ? value : value.substring(0, 64) + "...";
  }

  @Override
  public String toString() {
    return value;
  }
}
