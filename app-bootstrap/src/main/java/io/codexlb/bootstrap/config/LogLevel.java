package io.codexlb.bootstrap.config;

import java.util.Locale;
import java.util.Optional;

/** The levels {@code LOG_LEVEL} accepts, as the troubleshooting guide names them. */
public enum LogLevel {
  DEBUG,
  INFO,
  WARN,
  ERROR;

  /**
   * Parses a level case-insensitively; {@code WARNING} is accepted for WARN, as Python spells it.
   */
  static Optional<LogLevel> parse(String text) {
    String upper = text.trim().toUpperCase(Locale.ROOT);
    if (upper.equals("WARNING")) {
      return Optional.of(WARN);
    }
    for (LogLevel level : values()) {
      if (level.name().equals(upper)) {
        return Optional.of(level);
      }
    }
    return Optional.empty();
  }
}
