package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code io.codexlb.Main} as a real process, as an operator or a service manager would, to
 * check what only a process shows: exit codes, the reaction to SIGTERM and SIGKILL, and two
 * processes on one store.
 */
class MainProcessTest {

  private static final Pattern LISTENING =
      Pattern.compile("(Proxy API|Dashboard and admin API) listening on (http://\\S+)");

  /** Generous bounds so a slow CI machine never fails a correct build; not speed assertions. */
  private static final long STARTUP_LIMIT_SECONDS = 60;

  @TempDir Path dataDir;

  private final List<Child> children = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    for (Child child : children) {
      if (child.process.isAlive()) {
        child.process.destroyForcibly();
      }
    }
  }

  @Test
  void sigtermStopsGracefullyWithExitCodeZero() throws Exception {
    List<String> args = new ArrayList<>(List.of(serverArgs()));
    args.addAll(List.of("--shutdown-grace-seconds", "5"));
    Child server = start(Map.of(), args.toArray(String[]::new));
    String proxyUrl = server.awaitListening("Proxy API");
    String dashboardUrl = server.awaitListening("Dashboard and admin API");

    assertThat(Http.get(proxyUrl + "/health").body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(Http.get(dashboardUrl + "/health").body()).isEqualTo("{\"status\":\"ok\"}");

    // SIGTERM. Not Process.destroy(): that also closes our end of the output pipe.
    server.process.toHandle().destroy();

    assertThat(server.process.waitFor(STARTUP_LIMIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(server.process.exitValue()).isZero();
    server.drain();
    assertThat(server.seen).anyMatch(line -> line.contains("SIGTERM received"));
    assertThat(server.seen).anyMatch(line -> line.endsWith("Stopped"));
  }

  @Test
  void badSettingExitsWithTwoAndNoStackTrace() throws Exception {
    Child child = start(Map.of("LOG_LEVEL", "chatty"), "--data-dir", dataDir.toString());

    assertThat(child.process.waitFor(STARTUP_LIMIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(child.process.exitValue()).isEqualTo(2);
    child.drain();
    assertThat(child.seen)
        .containsExactly(
            "codex-lb: LOG_LEVEL=chatty is invalid: expected DEBUG, INFO, WARN or ERROR");
  }

  @Test
  void aSecondServerOnTheSameStoreExitsWithOneNamingTheFirstWhileCommandsStillWork()
      throws Exception {
    Child first = start(Map.of(), serverArgs());
    String proxyUrl = first.awaitListening("Proxy API");
    await()
        .atMost(Duration.ofSeconds(STARTUP_LIMIT_SECONDS))
        .until(() -> Http.get(proxyUrl + "/health/ready").statusCode() == 200);

    Child second = start(Map.of(), serverArgs());
    assertThat(second.process.waitFor(STARTUP_LIMIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(second.process.exitValue()).isEqualTo(1);
    second.drain();
    assertThat(second.seen)
        .filteredOn(line -> line.startsWith("codex-lb: "))
        .singleElement(InstanceOfAssertFactories.STRING)
        .startsWith("codex-lb: store refused: sqlite store " + dataDir.resolve("store.db"))
        .contains("in use by another codex-lb server, process " + first.process.pid() + " ");
    assertThat(second.seen).noneMatch(line -> line.startsWith("\tat "));

    Child create = start(Map.of(), "keys", "create", "--name", "beside", "--data-dir", dir());
    assertThat(create.process.waitFor(STARTUP_LIMIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    create.drain();
    assertThat(create.process.exitValue()).as("keys create: %s", create.seen).isZero();
    Child list = start(Map.of(), "keys", "list", "--data-dir", dir());
    assertThat(list.process.waitFor(STARTUP_LIMIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    list.drain();
    assertThat(list.process.exitValue()).as("keys list: %s", list.seen).isZero();
    assertThat(list.seen).anyMatch(line -> line.contains("\tbeside\t"));
    assertThat(Http.get(proxyUrl + "/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void aServerKilledWithSigkillDoesNotBlockTheNextStart() throws Exception {
    Child first = start(Map.of(), serverArgs());
    first.awaitListening("Proxy API");
    await()
        .atMost(Duration.ofSeconds(STARTUP_LIMIT_SECONDS))
        .until(() -> first.seen.stream().anyMatch(line -> line.contains("store: open")));

    first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
    assertThat(first.process.waitFor(STARTUP_LIMIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(dataDir.resolve("store.db.lock")).strip())
        .as("the killed server's pid is still in the lock file")
        .isEqualTo(String.valueOf(first.process.pid()));

    Child next = start(Map.of(), serverArgs());
    String proxyUrl = next.awaitListening("Proxy API");
    await()
        .atMost(Duration.ofSeconds(STARTUP_LIMIT_SECONDS))
        .until(() -> Http.get(proxyUrl + "/health/ready").statusCode() == 200);
    assertThat(Files.readString(dataDir.resolve("store.db.lock")).strip())
        .isEqualTo(String.valueOf(next.process.pid()));
  }

  private String dir() {
    return dataDir.toString();
  }

  private String[] serverArgs() {
    return new String[] {"--port", "0", "--dashboard-port", "0", "--data-dir", dir()};
  }

  private Child start(Map<String, String> env, String... args) throws IOException {
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
    Child child = new Child(builder.start());
    children.add(child);
    return child;
  }

  /** A started process and the lines it printed so far. */
  private static final class Child {
    final Process process;
    final List<String> seen = new CopyOnWriteArrayList<>();
    private final Thread reader;

    Child(Process process) {
      this.process = process;
      this.reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  in.lines().forEach(seen::add);
                } catch (IOException | UncheckedIOException ignored) {
                  // The process ended; what it printed is already in seen.
                }
              },
              "main-process-output");
      reader.setDaemon(true);
      reader.start();
    }

    String awaitListening(String listener) {
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
    void drain() throws InterruptedException {
      reader.join(TimeUnit.SECONDS.toMillis(STARTUP_LIMIT_SECONDS));
      assertThat(reader.isAlive()).as("the output ended").isFalse();
    }
  }
}
