package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code io.codexlb.Main} as a real process, as an operator or a service manager would, to
 * check what only a process shows: exit codes and the reaction to SIGTERM.
 */
class MainProcessTest {

  @TempDir Path dataDir;

  private ServerProcess server;

  @AfterEach
  void killLeftovers() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void sigtermStopsGracefullyWithExitCodeZero() throws Exception {
    server =
        ServerProcess.start(
            List.of(),
            Map.of(),
            "--port",
            "0",
            "--dashboard-port",
            "0",
            "--data-dir",
            dataDir.toString(),
            "--shutdown-grace-seconds",
            "5");
    String proxyUrl = server.awaitListening("Proxy API");
    String dashboardUrl = server.awaitListening("Dashboard and admin API");

    assertThat(Http.get(proxyUrl + "/health").body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(Http.get(dashboardUrl + "/health").body()).isEqualTo("{\"status\":\"ok\"}");

    server.terminate();

    assertThat(server.awaitExit()).isZero();
    server.drain();
    assertThat(server.seen()).anyMatch(line -> line.contains("SIGTERM received"));
    assertThat(server.seen()).anyMatch(line -> line.endsWith("Stopped"));
  }

  @Test
  void badSettingExitsWithTwoAndNoStackTrace() throws Exception {
    server =
        ServerProcess.start(
            List.of(), Map.of("LOG_LEVEL", "chatty"), "--data-dir", dataDir.toString());

    assertThat(server.awaitExit()).isEqualTo(2);
    server.drain();
    assertThat(server.seen())
        .containsExactly(
            "codex-lb: LOG_LEVEL=chatty is invalid: expected DEBUG, INFO, WARN or ERROR");
  }
}
