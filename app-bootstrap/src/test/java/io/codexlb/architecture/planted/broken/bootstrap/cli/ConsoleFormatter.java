package io.codexlb.architecture.planted.broken.bootstrap.cli;

/** Planted: next to the Console, but not the Console: its use of System.err is reported. */
public final class ConsoleFormatter {

  public void error(String message) {
    System.err.println("error: " + message);
  }
}
