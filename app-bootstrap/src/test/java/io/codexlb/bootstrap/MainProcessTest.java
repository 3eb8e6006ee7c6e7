package io.codexlb.bootstrap;

import static io.codexlb.bootstrap.ServerProcess.STARTUP_LIMIT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  @TempDir Path dataDir;

  private final List<ServerProcess> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(ServerProcess::close);
  }

  private ServerProcess start(Map<String, String> env, String... args) throws Exception {
    ServerProcess process = ServerProcess.start(List.of(), env, args);
    processes.add(process);
    return process;
  }

  private String dir() {
    return dataDir.toString();
  }

  private String[] serverArgs(String... more) {
    List<String> args =
        new ArrayList<>(List.of("--port", "0", "--dashboard-port", "0", "--data-dir", dir()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static void awaitReady(String proxyUrl) {
    await()
        .atMost(Duration.ofSeconds(STARTUP_LIMIT_SECONDS))
        .until(() -> Http.get(proxyUrl + "/health/ready").statusCode() == 200);
  }

  @Test
  void sigtermStopsGracefullyWithExitCodeZero() throws Exception {
    ServerProcess server = start(Map.of(), serverArgs("--shutdown-grace-seconds", "5"));
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
    ServerProcess server = start(Map.of("LOG_LEVEL", "chatty"), "--data-dir", dir());

    assertThat(server.awaitExit()).isEqualTo(2);
    server.drain();
    assertThat(server.seen())
        .containsExactly(
            "codex-lb: LOG_LEVEL=chatty is invalid: expected DEBUG, INFO, WARN or ERROR");
  }

  @Test
  void aSecondServerOnTheSameStoreExitsWithOneNamingTheFirstWhileCommandsStillWork()
      throws Exception {
    ServerProcess first = start(Map.of(), serverArgs());
    String proxyUrl = first.awaitListening("Proxy API");
    awaitReady(proxyUrl);

    ServerProcess second = start(Map.of(), serverArgs());
    assertThat(second.awaitExit()).isEqualTo(1);
    second.drain();
    assertThat(second.seen())
        .filteredOn(line -> line.startsWith("codex-lb: "))
        .singleElement(InstanceOfAssertFactories.STRING)
        .startsWith("codex-lb: store refused: sqlite store " + dataDir.resolve("store.db"))
        .contains("in use by another codex-lb server, process " + first.process().pid() + " ");
    assertThat(second.seen()).noneMatch(line -> line.startsWith("\tat "));

    ServerProcess create =
        start(Map.of(), "keys", "create", "--name", "beside", "--data-dir", dir());
    int created = create.awaitExit();
    create.drain();
    assertThat(created).as("keys create: %s", create.seen()).isZero();
    ServerProcess list = start(Map.of(), "keys", "list", "--data-dir", dir());
    int listed = list.awaitExit();
    list.drain();
    assertThat(listed).as("keys list: %s", list.seen()).isZero();
    assertThat(list.seen()).anyMatch(line -> line.contains("\tbeside\t"));
    assertThat(Http.get(proxyUrl + "/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void aKeyCreatedByTheCommandLineWhileTheServerRunsIsAcceptedWithinASecond() throws Exception {
    ServerProcess server = start(Map.of(), serverArgs());
    String proxyUrl = server.awaitListening("Proxy API");
    awaitReady(proxyUrl);

    ServerProcess create = start(Map.of(), "keys", "create", "--name", "live", "--data-dir", dir());
    int created = create.awaitExit();
    create.drain();
    assertThat(created).as("keys create: %s", create.seen()).isZero();
    String key =
        create.seen().stream().filter(line -> line.startsWith("sk-clb-")).findFirst().orElseThrow();

    // The server's SQLite change feed hears the command's commit; no restart, no API call.
    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                Http.get(proxyUrl + "/v1/models", "Authorization", "Bearer " + key).statusCode()
                    != 401);
  }

  @Test
  void aKeyDisabledByTheCommandLineWhileTheServerRunsIsRefusedWithinASecond() throws Exception {
    ServerProcess create =
        start(Map.of(), "keys", "create", "--name", "soon-off", "--data-dir", dir());
    assertThat(create.awaitExit()).as("keys create: %s", create.seen()).isZero();
    create.drain();
    String key =
        create.seen().stream().filter(line -> line.startsWith("sk-clb-")).findFirst().orElseThrow();
    ServerProcess list = start(Map.of(), "keys", "list", "--data-dir", dir());
    assertThat(list.awaitExit()).as("keys list: %s", list.seen()).isZero();
    list.drain();
    String id =
        list.seen().stream()
            .filter(line -> line.contains("\tsoon-off\t"))
            .findFirst()
            .orElseThrow()
            .split("\t", -1)[0];
    ServerProcess server = start(Map.of(), serverArgs());
    String proxyUrl = server.awaitListening("Proxy API");
    awaitReady(proxyUrl);
    assertThat(Http.get(proxyUrl + "/v1/models", "Authorization", "Bearer " + key).statusCode())
        .isNotEqualTo(401);

    ServerProcess disable = start(Map.of(), "keys", "disable", id, "--data-dir", dir());
    assertThat(disable.awaitExit()).as("keys disable: %s", disable.seen()).isZero();

    // The server's SQLite change feed hears the command's commit; no restart, no API call.
    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                Http.get(proxyUrl + "/v1/models", "Authorization", "Bearer " + key).statusCode()
                    == 401);
  }

  @Test
  void aServerKilledWithSigkillDoesNotBlockTheNextStart() throws Exception {
    ServerProcess first = start(Map.of(), serverArgs());
    first.awaitListening("Proxy API");
    await()
        .atMost(Duration.ofSeconds(STARTUP_LIMIT_SECONDS))
        .until(() -> first.seen().stream().anyMatch(line -> line.contains("store: open")));

    first.process().destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
    first.awaitExit();
    assertThat(Files.readString(dataDir.resolve("store.db.lock")).strip())
        .as("the killed server's pid is still in the lock file")
        .isEqualTo(String.valueOf(first.process().pid()));

    ServerProcess next = start(Map.of(), serverArgs());
    awaitReady(next.awaitListening("Proxy API"));
    assertThat(Files.readString(dataDir.resolve("store.db.lock")).strip())
        .isEqualTo(String.valueOf(next.process().pid()));
  }
}
