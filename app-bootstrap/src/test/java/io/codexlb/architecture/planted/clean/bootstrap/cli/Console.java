package io.codexlb.architecture.planted.clean.bootstrap.cli;

import java.io.PrintStream;

/** Clean: the one class that may use the standard streams. */
public record Console(PrintStream out, PrintStream err) {

  public static Console system() {
    return new Console(System.out, System.err);
  }
}
