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

/**
 * {@code io.codexlb.Main} run as a real process on this test's class path, as an operator or a
 * service manager would run it; what it prints is collected line by line.
 */
final class ServerProcess implements AutoCloseable {

  private static final Pattern LISTENING =
      Pattern.compile("(Proxy API|Dashboard and admin API) listening on (http://\\S+)");

  /** Generous bounds so a slow CI machine never fails a correct build; not speed assertions. */
  static final long STARTUP_LIMIT_SECONDS = 60;

  private final Process process;
  private final Thread reader;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  private ServerProcess(Process process) {
    this.process = process;
    this.reader =
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

  /**
   * Starts a server on {@code dataDir} with both listeners on free ports, its upstream at {@code
   * upstreamBaseUrl}, and nothing else on its command line.
   */
  static ServerProcess startOn(Map<String, String> env, Path dataDir, String upstreamBaseUrl)
      throws IOException {
    return start(
        List.of(),
        env,
        "--port",
        "0",
        "--dashboard-port",
        "0",
        "--data-dir",
        dataDir.toString(),
        "--upstream-base-url",
        upstreamBaseUrl);
  }

  /**
   * Starts the server process, without any {@code CODEX_LB_} variable or {@code LOG_LEVEL} of this
   * JVM's environment, and with {@code CODEX_LB_JVM_DEFAULTS=off} unless {@code env} says
   * otherwise.
   *
   * @param jvmOptions options of the child JVM, such as {@code -Xmx64m}
   * @param env its extra environment
   * @param args its command line
   */
  static ServerProcess start(List<String> jvmOptions, Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.codexlb.Main");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("CODEX_LB_"));
    builder.environment().remove("LOG_LEVEL");
    // One process, as the tests of the server expect (kill -9 reaches the server itself); the
    // launcher's own tests (LauncherProcessTest) turn the relaunch back on through env.
    builder.environment().put(JvmDefaults.OPT_OUT_VARIABLE, "off");
    builder.environment().putAll(env);
    return new ServerProcess(builder.start());
  }

  Process process() {
    return process;
  }

  /** The lines printed so far. */
  List<String> seen() {
    return seen;
  }

  /**
   * The URL of a listener ({@code Proxy API}, {@code Dashboard and admin API}), once it listens.
   */
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

  /** Sends SIGTERM (not {@code Process.destroy()}, which also closes our end of the output). */
  void terminate() {
    process.toHandle().destroy();
  }

  /**
   * {@code kill -9}: SIGKILL, so no shutdown hook runs and nothing is released (the job lease's
   * session, refresh claims); returns once the process is gone.
   */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(STARTUP_LIMIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
  }

  /** Waits for the process to exit; returns its exit code. */
  int awaitExit() throws InterruptedException {
    assertThat(process.waitFor(STARTUP_LIMIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }

  /** Waits for the reader to reach the end of the output: the process has exited. */
  void drain() throws InterruptedException {
    reader.join(TimeUnit.SECONDS.toMillis(STARTUP_LIMIT_SECONDS));
    assertThat(reader.isAlive()).as("the output ended").isFalse();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
