package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code io.codexlb.Main} as a real process, as an operator or a service manager would, to
 * check what only a process shows: exit codes and the reaction to SIGTERM.
 */
class MainProcessTest {

  private static final Pattern LISTENING =
      Pattern.compile("(Proxy API|Dashboard and admin API) listening on (http://\\S+)");

  /** Generous bounds so a slow CI machine never fails a correct build; not speed assertions. */
  private static final long STARTUP_LIMIT_SECONDS = 60;

  @TempDir Path dataDir;

  private Process process;
  private Thread reader;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void killLeftovers() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  @Test
  void sigtermStopsGracefullyWithExitCodeZero() throws Exception {
    start(
        Map.of(),
        "--port",
        "0",
        "--dashboard-port",
        "0",
        "--data-dir",
        dataDir.toString(),
        "--shutdown-grace-seconds",
        "5");
    String proxyUrl = awaitListening("Proxy API");
    String dashboardUrl = awaitListening("Dashboard and admin API");

    assertThat(Http.get(proxyUrl + "/health").body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(Http.get(dashboardUrl + "/health").body()).isEqualTo("{\"status\":\"ok\"}");

    // SIGTERM. Not Process.destroy(): that also closes our end of the output pipe.
    process.toHandle().destroy();

    assertThat(process.waitFor(STARTUP_LIMIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    drain();
    assertThat(seen).anyMatch(line -> line.contains("SIGTERM received"));
    assertThat(seen).anyMatch(line -> line.endsWith("Stopped"));
  }

  @Test
  void badSettingExitsWithTwoAndNoStackTrace() throws Exception {
    start(Map.of("LOG_LEVEL", "chatty"), "--data-dir", dataDir.toString());

    assertThat(process.waitFor(STARTUP_LIMIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    drain();
    assertThat(seen)
        .containsExactly(
            "codex-lb: LOG_LEVEL=chatty is invalid: expected DEBUG, INFO, WARN or ERROR");
  }

  private void start(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.codexlb.Main");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("CODEX_LB_"));
    builder.environment().remove("LOG_LEVEL");
    builder.environment().putAll(env);
    process = builder.start();
    reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(seen::add);
              } catch (IOException ignored) {
                // The process ended; what it printed is already in seen.
              }
            },
            "main-process-output");
    reader.setDaemon(true);
    reader.start();
  }

  private String awaitListening(String listener) {
    await()
        .atMost(Duration.ofSeconds(STARTUP_LIMIT_SECONDS))
        .untilAsserted(
            () ->
                assertThat(listeningUrl(listener))
                    .as("a '%s listening' line in the output so far: %s", listener, seen)
                    .isPresent());
    return listeningUrl(listener).orElseThrow();
  }

  private Optional<String> listeningUrl(String listener) {
    for (String line : seen) {
      Matcher matcher = LISTENING.matcher(line);
      if (matcher.find() && matcher.group(1).equals(listener)) {
        return Optional.of(matcher.group(2));
      }
    }
    return Optional.empty();
  }

  /** Waits for the reader to reach the end of the output: the process has exited. */
  private void drain() throws InterruptedException {
    reader.join(TimeUnit.SECONDS.toMillis(STARTUP_LIMIT_SECONDS));
    assertThat(reader.isAlive()).as("the output ended").isFalse();
  }
}
