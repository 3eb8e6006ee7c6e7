package io.codexlb.bootstrap.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * Standard output and standard error. Everything that writes to the terminal (help, version, a
 * configuration error, the log appender) gets its stream from here, so tests can capture it and the
 * architecture rules can forbid {@code System.out} everywhere else.
 *
 * @param out where results and logs go
 * @param err where start-up errors go
 * @param in standard input, read by {@code admin reset-password --password-stdin}
 */
public record Console(PrintStream out, PrintStream err, InputStream in) {

  public Console {
    requireNonNull(out, "out");
    requireNonNull(err, "err");
    requireNonNull(in, "in");
  }

  /** Standard output and error, with nothing to read. */
  public Console(PrintStream out, PrintStream err) {
    this(out, err, InputStream.nullInputStream());
  }

  /** The process's own standard streams. */
  public static Console system() {
    return new Console(System.out, System.err, System.in);
  }

  /**
   * Reads a password: the first line of {@link #in()} ({@code fromStdin}), else twice from the
   * terminal without echo.
   *
   * @return the password, or empty when there is no terminal, nothing to read, or the two entries
   *     differ (the reason is printed on {@link #err()})
   */
  public Optional<String> readPassword(boolean fromStdin) {
    if (fromStdin) {
      try {
        String line = new BufferedReader(new InputStreamReader(in, UTF_8)).readLine();
        if (line == null || line.isEmpty()) {
          err.println("codex-lb: no password on standard input");
          return Optional.empty();
        }
        return Optional.of(line);
      } catch (IOException e) {
        err.println("codex-lb: standard input cannot be read: " + e.getMessage());
        return Optional.empty();
      }
    }
    java.io.Console terminal = System.console();
    if (terminal == null) {
      err.println("codex-lb: no terminal to ask for the password on; use --password-stdin");
      return Optional.empty();
    }
    char[] first = terminal.readPassword("New dashboard password: ");
    char[] second = terminal.readPassword("Again: ");
    if (first == null || second == null || !Arrays.equals(first, second)) {
      err.println("codex-lb: the two passwords differ");
      return Optional.empty();
    }
    return Optional.of(new String(first));
  }
}
