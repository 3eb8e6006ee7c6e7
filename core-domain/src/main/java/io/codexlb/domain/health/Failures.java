package io.codexlb.domain.health;

import java.util.concurrent.CompletionException;

/**
 * Failures as an operator reads them: the cause a stage failed with, without the {@link
 * CompletionException} wrappers that {@code join()} and {@code handle} add, as one line of at most
 * {@value #MAX_LENGTH} characters. Readiness reasons, log lines and one-line start-up errors all
 * print failures this way.
 */
public final class Failures {

  /** The longest line {@link #oneLine} returns, before its {@code "..."}. */
  public static final int MAX_LENGTH = 200;

  private Failures() {}

  /** The failure under any {@link CompletionException} wrappers. */
  public static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /**
   * The failure, unwrapped, as one line: the first line of its message (at most {@value
   * #MAX_LENGTH} characters, then {@code "..."}), or its type when it has no message.
   */
  public static String oneLine(Throwable error) {
    Throwable cause = unwrap(error);
    String message = cause.getMessage();
    if (message == null || message.isBlank()) {
      return cause.getClass().getSimpleName();
    }
    return firstLine(message);
  }

  /** The first line of a message, trimmed and cut at {@value #MAX_LENGTH} characters. */
  public static String firstLine(String message) {
    String line = message.strip().lines().findFirst().orElse("").strip();
    return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH) + "...";
  }
}
