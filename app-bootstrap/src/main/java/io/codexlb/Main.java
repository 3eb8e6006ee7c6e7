package io.codexlb;

import io.codexlb.bootstrap.CodexLb;
import io.codexlb.bootstrap.Launch;
import io.codexlb.bootstrap.Relaunch;
import io.codexlb.bootstrap.ShutdownSignals;
import io.codexlb.bootstrap.cli.Console;
import java.util.Map;
import java.util.OptionalInt;

/** Entry point of {@code codex-lb.jar}: {@code java -jar codex-lb.jar --help}. */
public final class Main {

  private Main() {}

  /** Starts codex-lb, or exits with the code its launch ended with. */
  public static void main(String[] args) {
    Map<String, String> environment = System.getenv();
    Console console = Console.system();
    // First, before any of Vert.x or the logging loads: this JVM may only be the launcher of one
    // with the options codex-lb chooses (docs/operations.md, "JVM options codex-lb chooses").
    OptionalInt relaunched = Relaunch.runIfChosen(args, environment, console);
    if (relaunched.isPresent()) {
      System.exit(relaunched.getAsInt());
    }
    Launch launch = CodexLb.launch(args, environment, console);
    if (launch instanceof Launch.Started started) {
      ShutdownSignals.install(started.server());
      Relaunch.drainWhenLauncherExits(
          environment, console, () -> started.server().drain("launcher process exited"));
      return; // Vert.x's threads keep the process alive until a signal stops it.
    }
    System.exit(((Launch.Exited) launch).code());
  }
}
