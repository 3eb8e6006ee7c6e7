package io.codexlb.bootstrap.config;

import java.util.Locale;
import java.util.Optional;

/** How log events are written: one readable line each, or one JSON object per line. */
public enum LogFormat {
  TEXT,
  JSON;

  static Optional<LogFormat> parse(String text) {
    String upper = text.trim().toUpperCase(Locale.ROOT);
    for (LogFormat format : values()) {
      if (format.name().equals(upper)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }
}
