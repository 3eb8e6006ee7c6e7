package io.codexlb.domain.key;

import static java.util.Objects.requireNonNull;

/**
 * The full text of an API key, as its owner sends it. It is shown once, when the key is created,
 * and is never stored: the store keeps its {@link KeyHash} and {@link #displayPrefix()}. Its {@code
 * toString()} shows the display prefix only, so a key that reaches a log line or an exception
 * message does not leak.
 */
public final class PlainApiKey {

  /** Every codex-lb key starts with this. */
  public static final String PREFIX = "sk-clb-";

  /**
   * Characters kept for display: {@code sk-clb-} and the first 8 random characters, as upstream
   * keeps. Enough to tell keys apart on a page, far too few (48 of 256 bits) to guess the rest.
   */
  static final int DISPLAY_LENGTH = PREFIX.length() + 8;

  private final String value;

  private PlainApiKey(String value) {
    this.value = value;
  }

  /**
   * A key from its text.
   *
   * @throws IllegalArgumentException if the text does not start with {@code sk-clb-} or has nothing
   *     after it; the message does not contain the text
   */
  public static PlainApiKey of(String value) {
    requireNonNull(value, "value");
    if (!value.startsWith(PREFIX) || value.length() == PREFIX.length()) {
      throw new IllegalArgumentException("value: (hidden) (expected: sk-clb- followed by the key)");
    }
    return new PlainApiKey(value);
  }

  /** The full key text; hand it to its owner, never to a log. */
  public String reveal() {
    return value;
  }

  /** The part shown in the dashboard: {@code sk-clb-} and the first 8 random characters. */
  public String displayPrefix() {
    return value.substring(0, Math.min(value.length(), DISPLAY_LENGTH));
  }

  /** The hash under which the store keeps this key. */
  public KeyHash hash() {
    return KeyHash.of(value);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PlainApiKey that && KeyHash.constantTimeEquals(value, that.value);
  }

  @Override
  public int hashCode() {
    return hash().hashCode();
  }

  /** The display prefix followed by an ellipsis; never the full key. */
  @Override
  public String toString() {
    return displayPrefix() + "…";
  }
}
