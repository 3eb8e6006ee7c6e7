package io.codexlb.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;

/**
 * Standard output and standard error. Everything that writes to the terminal (help, version, a
 * configuration error, the log appender) gets its stream from here, so tests can capture it and the
 * architecture rules can forbid {@code System.out} everywhere else.
 *
 * @param out where results and logs go
 * @param err where start-up errors go
 */
public record Console(PrintStream out, PrintStream err) {

  public Console {
    requireNonNull(out, "out");
    requireNonNull(err, "err");
  }

  /** The process's own standard streams. */
  public static Console system() {
    return new Console(System.out, System.err);
  }
}
