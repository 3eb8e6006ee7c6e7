package io.codexlb.bootstrap.store;

import java.util.concurrent.CompletionException;

/**
 * Failures as an operator reads them: the cause a stage failed with, without the {@link
 * CompletionException} wrappers that {@code join()} and {@code handle} add, and one line of it.
 */
public final class Failures {

  private Failures() {}

  /** The failure under any {@link CompletionException} wrappers. */
  public static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** The failure as one line: the first line of its message, or its type when it has none. */
  public static String oneLine(Throwable error) {
    String message = error.getMessage();
    if (message == null || message.isBlank()) {
      return error.getClass().getSimpleName();
    }
    return firstLine(message);
  }

  /** The first line of a message, trimmed: errors are printed and logged as one line. */
  public static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }
}
