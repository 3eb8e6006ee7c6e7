package io.codexlb.bootstrap.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A {@link Console} that writes to memory, for tests of what a command prints. */
final class CapturedConsole {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Console console =
      new Console(
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));

  Console console() {
    return console;
  }

  /** Standard output so far, with {@code \n} line ends. */
  String stdout() {
    return out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }

  /** Standard error so far, with {@code \n} line ends. */
  String stderr() {
    return err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }

  /** Forgets what was printed. */
  void clear() {
    out.reset();
    err.reset();
  }
}
