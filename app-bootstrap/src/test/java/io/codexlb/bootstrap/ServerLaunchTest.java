package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.codexlb.bootstrap.cli.Console;
import io.codexlb.bootstrap.config.Version;
import io.codexlb.bootstrap.server.RunningServer;
import io.codexlb.port.out.FakeReadinessProbe;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Launches the real server in-process on free ports and talks HTTP to it. */
class ServerLaunchTest {

  @TempDir Path dataDir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Console console =
      new Console(
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
  private final List<RunningServer> started = new ArrayList<>();

  @AfterEach
  void stopServers() throws Exception {
    for (RunningServer server : started) {
      server.stop(Duration.ZERO).toCompletableFuture().get();
    }
  }

  @Test
  void bothListenersAnswerHealthWithARequestId() {
    RunningServer server = start(launch(freePortsArgs()));

    for (String url : List.of(server.proxy().url(), server.dashboard().url())) {
      HttpResponse<String> response = Http.get(url + "/health");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(response.body())).isEqualTo(new JsonObject().put("status", "ok"));
      assertThat(response.headers().firstValue("X-Request-ID")).isPresent();
    }
  }

  @Test
  void aSaneClientRequestIdIsEchoed() {
    RunningServer server = start(launch(freePortsArgs()));

    HttpResponse<String> response =
        Http.get(server.proxy().url() + "/health", "X-Request-ID", "trace-42");

    assertThat(response.headers().firstValue("X-Request-ID")).hasValue("trace-42");
  }

  @Test
  void readyWhenTheEmbeddedStoreCanBeOpened() {
    RunningServer server = start(launch(freePortsArgs()));

    HttpResponse<String> response = Http.get(server.dashboard().url() + "/health/ready");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body()).getString("status")).isEqualTo("ok");
    assertThat(Files.exists(dataDir.resolve("store.db"))).isTrue();
  }

  @Test
  void aDatabaseThatIsDownAtStartDoesNotStopTheServerAndReadinessSaysWhy() {
    // Nothing listens on port 1: the database is "down", and stays down for this test.
    RunningServer server =
        start(
            launch(
                append(
                    freePortsArgs(),
                    "--database-url",
                    "postgresql://codexlb:secret-pw@127.0.0.1:1/codexlb")));

    HttpResponse<String> response = Http.get(server.proxy().url() + "/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).contains("store: unavailable").doesNotContain("secret-pw");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("store: unavailable, trying again in 1 s")
        .doesNotContain("secret-pw");
  }

  @Test
  void theServerRecoversByItselfWhenTheStoreComesBack() throws Exception {
    // A directory where the store file belongs: the store cannot open until someone removes it.
    Files.createDirectories(dataDir.resolve("store.db"));
    RunningServer server = start(launch(freePortsArgs()));
    assertThat(Http.get(server.proxy().url() + "/health/ready").statusCode()).isEqualTo(503);

    Files.delete(dataDir.resolve("store.db"));

    // Longer than Awaitility's default: the store is retried with a growing backoff.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(Http.get(server.proxy().url() + "/health/ready").statusCode())
                    .as("ready again once the store can be opened")
                    .isEqualTo(200));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("store: open");
  }

  @Test
  void aStoreWithANewerSchemaStopsTheStartWithOneLine() throws Exception {
    start(launch(freePortsArgs())).stop(Duration.ZERO).toCompletableFuture().get();
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("store.db"));
        Statement statement = db.createStatement()) {
      statement.execute(
          "INSERT INTO schema_migrations (version, description, applied_at)"
              + " VALUES (999, 'from the future', 0)");
    }
    err.reset();

    Launch launch = launch(freePortsArgs());

    assertThat(launch).isEqualTo(new Launch.Exited(1));
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .singleElement(InstanceOfAssertFactories.STRING)
        .startsWith("codex-lb: store refused: ")
        .contains("999")
        .contains("upgrade codex-lb");
  }

  @Test
  void aSecondServerOnTheSameStoreStopsTheStartWithOneLineNamingTheFirst() {
    start(launch(freePortsArgs()));

    Launch second = launch(freePortsArgs());

    assertThat(second).isEqualTo(new Launch.Exited(1));
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .singleElement(InstanceOfAssertFactories.STRING)
        .isEqualTo(
            "codex-lb: store refused: sqlite store "
                + dataDir.resolve("store.db")
                + " is in use by a server in this process ("
                + ProcessHandle.current().pid()
                + ") (lock file "
                + dataDir.resolve("store.db.lock")
                + "); stop that server first, or give this one its own data directory");
  }

  @Test
  void aDataDirectoryOpenToOthersIsTightenedWithAWarning() throws IOException {
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));

    start(launch(freePortsArgs()));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
        .isEqualTo("rwx------");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "Data directory "
                + dataDir
                + " had mode 0755, open to group or others; tightened to 0700");
  }

  /**
   * A directory of another user cannot be made private. As root any directory can, so as root (as
   * in this project's CI container) the test is skipped; {@code OwnerOnlyTest} covers the refusal
   * with a stand-in.
   */
  @Test
  void aDataDirectoryThatCannotBeMadePrivateStopsTheStartWithOneLine() throws IOException {
    int me = (Integer) Files.getAttribute(Files.createFile(dataDir.resolve("mine")), "unix:uid");
    Path theirs = Path.of(System.getProperty("java.home"));
    assumeTrue(me != 0, "running as root, which may change any directory's mode");
    assumeTrue(
        (Integer) Files.getAttribute(theirs, "unix:uid") != me,
        theirs + " belongs to the user running the test");

    Launch launch =
        CodexLb.launch(new String[] {"--data-dir", theirs.toString()}, Map.of(), console);

    assertThat(launch).isEqualTo(new Launch.Exited(1));
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .singleElement(InstanceOfAssertFactories.STRING)
        .startsWith("codex-lb: data directory " + theirs + " has mode ")
        .contains("cannot be tightened to 0");
  }

  @Test
  void notReadyNamesTheFailingCheckAndRecovers() {
    FakeReadinessProbe store = new FakeReadinessProbe("store");
    CodexLb codexLb =
        new CodexLb(
            console,
            Map.of(),
            (config, cipher) -> DaggerTestServerComponent.factory().create(config, cipher, store));
    RunningServer server = start(codexLb.launch(freePortsArgs()));

    store.down("sqlite store unavailable: disk full");
    HttpResponse<String> down = Http.get(server.proxy().url() + "/health/ready");
    store.up();
    HttpResponse<String> up = Http.get(server.proxy().url() + "/health/ready");

    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("store").contains("sqlite store unavailable: disk full");
    assertThat(up.statusCode()).isEqualTo(200);
  }

  @Test
  void startLogsEachListenerTheStoreAndTheVersion() {
    RunningServer server = start(launch(freePortsArgs()));

    String log = out.toString(StandardCharsets.UTF_8);
    assertThat(log)
        .contains("codex-lb " + Version.current() + " starting")
        .contains("Store: sqlite " + dataDir.resolve("store.db"))
        .contains("Proxy API listening on " + server.proxy().url())
        .contains("Dashboard and admin API listening on " + server.dashboard().url())
        .containsPattern(
            "Proxy API listening on "
                + java.util.regex.Pattern.quote(server.proxy().url())
                + " \\(started in [0-9,]+ ms, [0-9,]+ ms of CPU\\)\\R");
  }

  @Test
  void jsonLogFormatWritesOneJsonObjectPerLine() {
    start(launch(append(freePortsArgs(), "--log-format", "json")));

    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      JsonObject event = new JsonObject(line);
      assertThat(event.getString("level")).isNotBlank();
      assertThat(event.getString("message")).isNotBlank();
    }
    assertThat(lines).anyMatch(line -> line.contains("Proxy API listening on"));
  }

  @Test
  void badSettingExitsWithTwoAndOneLineNamingIt() {
    Launch launch =
        new CodexLb(
                console,
                Map.of("CODEX_LB_PORT", "99999"),
                (config, cipher) -> {
                  throw new AssertionError("must not wire anything");
                })
            .launch();

    assertThat(launch).isEqualTo(new Launch.Exited(2));
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "codex-lb: CODEX_LB_PORT=99999 is invalid: expected a TCP port from 1 to 65535 (or 0"
                + " for any free port)");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void portInUseExitsWithOneAndOneLineNamingPortAndVariable() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      Launch launch =
          launch(
              "--port",
              String.valueOf(port),
              "--dashboard-port",
              "0",
              "--data-dir",
              dataDir.toString());

      assertThat(launch).isEqualTo(new Launch.Exited(1));
      assertThat(err.toString(StandardCharsets.UTF_8).lines())
          .containsExactly(
              "codex-lb: port "
                  + port
                  + " on 127.0.0.1 is already in use; stop the other process or choose another"
                  + " port with CODEX_LB_PORT or --port");
    }
  }

  @Test
  void dashboardPortInUseNamesTheDashboardVariable() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Launch launch =
          launch(
              "--port",
              "0",
              "--dashboard-port",
              String.valueOf(taken.getLocalPort()),
              "--data-dir",
              dataDir.toString());

      assertThat(launch).isEqualTo(new Launch.Exited(1));
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("CODEX_LB_DASHBOARD_PORT or --dashboard-port");
    }
  }

  @Test
  void versionPrintsTheBuildVersion() {
    assertThat(launch("--version")).isEqualTo(new Launch.Exited(0));
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("codex-lb " + Version.current() + System.lineSeparator());
    assertThat(Version.current()).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void helpExitsWithZero() {
    assertThat(launch("--help")).isEqualTo(new Launch.Exited(0));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--port").contains("CODEX_LB_PORT");
  }

  @Test
  void unknownFlagExitsWithTwo() {
    assertThat(launch("--no-such-flag")).isEqualTo(new Launch.Exited(2));
    assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
  }

  private Launch launch(String... args) {
    return CodexLb.launch(args, Map.of(), console);
  }

  private RunningServer start(Launch launch) {
    assertThat(launch)
        .as("launch; stderr: %s", err.toString(StandardCharsets.UTF_8))
        .isInstanceOf(Launch.Started.class);
    RunningServer server = ((Launch.Started) launch).server();
    started.add(server);
    return server;
  }

  private String[] freePortsArgs() {
    return new String[] {"--port", "0", "--dashboard-port", "0", "--data-dir", dataDir.toString()};
  }

  private static String[] append(String[] args, String... more) {
    String[] all = new String[args.length + more.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }
}
