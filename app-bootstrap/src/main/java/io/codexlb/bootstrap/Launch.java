package io.codexlb.bootstrap;

import static java.util.Objects.requireNonNull;

import io.codexlb.bootstrap.server.RunningServer;

/** How a launch of codex-lb ended: the process should exit, or a server is running. */
public sealed interface Launch {

  /**
   * Nothing is running; exit with this code: 0 after {@code --help} or {@code --version}, 1 when
   * the server could not start, 2 for a bad command line or setting.
   */
  record Exited(int code) implements Launch {}

  /** The server runs; stop it with {@link RunningServer#stop}. */
  record Started(RunningServer server, java.time.Duration shutdownGrace) implements Launch {
    public Started {
      requireNonNull(server, "server");
      requireNonNull(shutdownGrace, "shutdownGrace");
    }
  }
}
