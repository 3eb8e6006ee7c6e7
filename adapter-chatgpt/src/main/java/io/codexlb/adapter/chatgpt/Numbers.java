package io.codexlb.adapter.chatgpt;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/** Lenient parsing of the numbers and flags upstream puts in headers and JSON strings. */
final class Numbers {

  private Numbers() {}

  /** A finite decimal, or empty when the text is missing or not one. */
  static OptionalDouble parseDouble(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return OptionalDouble.empty();
    }
    try {
      double value = Double.parseDouble(text.trim());
      return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
    } catch (NumberFormatException notANumber) {
      return OptionalDouble.empty();
    }
  }

  /** {@code true}/{@code false} in any case ({@code 1}/{@code 0} too), or empty. */
  static Optional<Boolean> parseBoolean(@Nullable String text) {
    if (text == null) {
      return Optional.empty();
    }
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("true") || value.equals("1")) {
      return Optional.of(true);
    }
    if (value.equals("false") || value.equals("0")) {
      return Optional.of(false);
    }
    return Optional.empty();
  }
}
