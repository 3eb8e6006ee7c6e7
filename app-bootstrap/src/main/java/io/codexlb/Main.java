package io.codexlb;

import io.codexlb.bootstrap.CodexLb;
import io.codexlb.bootstrap.Launch;
import io.codexlb.bootstrap.ShutdownSignals;
import io.codexlb.bootstrap.cli.Console;

/** Entry point of {@code codex-lb.jar}: {@code java -jar codex-lb.jar --help}. */
public final class Main {

  private Main() {}

  /** Starts codex-lb, or exits with the code its launch ended with. */
  public static void main(String[] args) {
    Launch launch = CodexLb.launch(args, System.getenv(), Console.system());
    if (launch instanceof Launch.Started started) {
      ShutdownSignals.install(started.server());
      return; // Vert.x's threads keep the process alive until a signal stops it.
    }
    System.exit(((Launch.Exited) launch).code());
  }
}
