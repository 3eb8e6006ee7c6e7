package io.codexlb.architecture.planted.broken.bootstrap.cli;

import java.io.PrintStream;

/** Planted: the one class allowed to use the standard streams, so nothing here is reported. */
public record Console(PrintStream out, PrintStream err) {

  public static Console system() {
    return new Console(System.out, System.err);
  }
}
