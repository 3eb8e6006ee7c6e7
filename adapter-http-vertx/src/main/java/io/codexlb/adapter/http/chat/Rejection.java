package io.codexlb.adapter.http.chat;

import static java.util.Objects.requireNonNull;

/**
 * A field of the request that cannot be translated. Thrown from deep inside the translation to
 * unwind it, and always turned into {@link ChatTranslation.Rejected} before it leaves the package.
 */
final class Rejection extends Exception {
  private static final long serialVersionUID = 1L;

  Rejection(String message) {
    super(requireNonNull(message, "message"), null, false, false);
  }

  /** The message it was made with: never null. */
  @Override
  public String getMessage() {
    return requireNonNull(super.getMessage());
  }

  /** A value that is not what {@code expected} says, as {@code "name: value (expected: ...)"}. */
  static Rejection of(String name, Object value, String expected) {
    return new Rejection(name + ": " + value + " (expected: " + expected + ")");
  }
}
