package io.codexlb.bootstrap;

import static io.codexlb.bootstrap.ServerProcess.STARTUP_LIMIT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launch as users run it, with no JVM option: {@code io.codexlb.Main} starts a second JVM with
 * the options {@link JvmDefaults} chooses and relays signals and the exit code (docs/operations.md,
 * "JVM options codex-lb chooses"). Linux only, as the {@code /proc} reads and signals are.
 */
class LauncherProcessTest {

  /** Turns the launcher back on: {@link ServerProcess} turns it off for the other tests. */
  private static final Map<String, String> LAUNCHER_ON = Map.of(JvmDefaults.OPT_OUT_VARIABLE, "on");

  private static final Duration LIMIT = Duration.ofSeconds(STARTUP_LIMIT_SECONDS);

  @TempDir Path dataDir;

  private final List<ServerProcess> processes = new ArrayList<>();
  private final List<ProcessHandle> children = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(ServerProcess::close);
    children.forEach(ProcessHandle::destroyForcibly);
  }

  private ServerProcess start(List<String> jvmOptions, Map<String, String> env, String... args)
      throws IOException {
    ServerProcess process = ServerProcess.start(jvmOptions, env, args);
    processes.add(process);
    return process;
  }

  private String[] serverArgs() {
    return new String[] {
      "--port",
      "0",
      "--dashboard-port",
      "0",
      "--data-dir",
      dataDir.toString(),
      "--drain-settle-seconds",
      "0",
      "--shutdown-grace-seconds",
      "5"
    };
  }

  /** The launched JVM: the launcher's only child, once it listens. */
  private ProcessHandle child(ServerProcess launcher) {
    List<ProcessHandle> found = launcher.process().toHandle().children().toList();
    assertThat(found).as("the launcher's children").hasSize(1);
    children.add(found.get(0));
    return found.get(0);
  }

  private static List<String> commandLine(ProcessHandle process) throws IOException {
    byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
    return Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
  }

  private static void signal(String name, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start();
    assertThat(kill.waitFor(STARTUP_LIMIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -%s %d", name, pid).isZero();
  }

  private static boolean portIsFree(String url) {
    int port = URI.create(url).getPort();
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException inUse) {
      return false;
    }
  }

  @Test
  void withoutOptionsTheServerRunsInAChildWithTheChosenOptionsAndSigtermDrainsIt()
      throws Exception {
    ServerProcess launcher = start(List.of(), LAUNCHER_ON, serverArgs());
    String proxyUrl = launcher.awaitListening("Proxy API");
    ProcessHandle child = child(launcher);

    List<String> childCommand = commandLine(child);
    assertThat(childCommand)
        .contains(
            "-Xms16m",
            "-XX:MaxHeapFreeRatio=30",
            "-XX:+ExitOnOutOfMemoryError",
            "-Dio.netty.mpscChunkSize=128")
        .anyMatch(arg -> arg.matches("-Xmx[0-9]+m"))
        .endsWith(serverArgs());
    assertThat(commandLine(launcher.process().toHandle())).noneMatch(arg -> arg.startsWith("-Xm"));
    assertThat(Http.get(proxyUrl + "/health").statusCode()).isEqualTo(200);

    launcher.terminate();

    assertThat(launcher.awaitExit()).as("the launcher's exit code after a drain").isZero();
    launcher.drain();
    assertThat(child.isAlive()).isFalse();
    assertThat(launcher.seen()).anyMatch(line -> line.contains("SIGTERM received: draining"));
    assertThat(launcher.seen()).anyMatch(line -> line.endsWith("Stopped"));
  }

  @Test
  void sigintToTheLauncherAloneIsPassedOnAndTheDrainEndsWithZero() throws Exception {
    ServerProcess launcher = start(List.of(), LAUNCHER_ON, serverArgs());
    launcher.awaitListening("Proxy API");
    ProcessHandle child = child(launcher);

    signal("INT", launcher.process().pid());

    assertThat(launcher.awaitExit()).isZero();
    launcher.drain();
    assertThat(child.isAlive()).isFalse();
    assertThat(launcher.seen()).anyMatch(line -> line.endsWith("Stopped"));
  }

  @Test
  void aKilledLauncherLeavesNoOrphan() throws Exception {
    ServerProcess launcher = start(List.of(), LAUNCHER_ON, serverArgs());
    String proxyUrl = launcher.awaitListening("Proxy API");
    ProcessHandle child = child(launcher);

    // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the
    // output, which the child still writes to.
    launcher.process().toHandle().destroyForcibly();
    assertThat(launcher.awaitExit()).as("killed by SIGKILL").isEqualTo(128 + 9);

    assertThat(child.onExit().get(STARTUP_LIMIT_SECONDS, TimeUnit.SECONDS).isAlive()).isFalse();
    await().atMost(LIMIT).until(() -> portIsFree(proxyUrl));
    launcher.drain(); // the child held the output; it ended with the child
    // Not "Stopped": the JVM may end with Vert.x's last thread before that line is written.
    assertThat(launcher.seen()).anyMatch(line -> line.contains("drain (launcher process exited)"));
  }

  @Test
  void aChildKilledBySignalGivesTheLauncherTheShellsExitCode() throws Exception {
    ServerProcess launcher = start(List.of(), LAUNCHER_ON, serverArgs());
    launcher.awaitListening("Proxy API");
    ProcessHandle child = child(launcher);

    child.destroyForcibly();

    assertThat(launcher.awaitExit()).as("128 + SIGKILL").isEqualTo(128 + 9);
  }

  @Test
  void aBadSettingExitsWithTwoThroughTheLauncher() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(LAUNCHER_ON);
    env.put("LOG_LEVEL", "chatty");
    ServerProcess launcher = start(List.of(), env, "--data-dir", dataDir.toString());

    assertThat(launcher.awaitExit()).isEqualTo(2);
    launcher.drain();
    assertThat(launcher.seen()).anyMatch(line -> line.contains("LOG_LEVEL"));
  }

  @Test
  void aUserHeapOptionKeepsOneProcess() throws Exception {
    ServerProcess server = start(List.of("-Xmx128m"), LAUNCHER_ON, serverArgs());
    server.awaitListening("Proxy API");

    assertThat(server.process().toHandle().children().toList()).isEmpty();

    server.terminate();
    assertThat(server.awaitExit()).isZero();
  }

  @Test
  void helpRunsInTheLaunchingJvm() throws Exception {
    ServerProcess help = start(List.of(), LAUNCHER_ON, "--help");

    assertThat(help.awaitExit()).isZero();
    help.drain();
    assertThat(help.seen()).anyMatch(line -> line.contains("--port"));
  }
}
