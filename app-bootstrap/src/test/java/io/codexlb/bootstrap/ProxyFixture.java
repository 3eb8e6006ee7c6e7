package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codexlb.bootstrap.cli.Console;
import io.codexlb.bootstrap.server.RunningServer;
import io.codexlb.testkit.FakeChatGptBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real server on free ports, its SQLite store provisioned through the CLI (accounts imported from
 * auth.json files, one key), forwarding to a {@link FakeChatGptBackend}. Provisioning happens
 * before the server starts: a running SQLite server does not hear another process's writes.
 */
final class ProxyFixture implements AutoCloseable {

  /** Longer than Awaitility's default: a whole server starts; a bound, not a speed test. */
  private static final Duration READY_WITHIN = Duration.ofSeconds(20);

  final FakeChatGptBackend backend = FakeChatGptBackend.start();
  private final Path dataDir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Console console =
      new Console(
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  private RunningServer server;

  ProxyFixture(Path dataDir) {
    this.dataDir = dataDir;
  }

  /** Imports an account whose upstream id (and testkit script name) is {@code accountId}. */
  ProxyFixture account(String accountId) {
    try {
      Path authJson =
          Files.writeString(
              dataDir.resolve("auth-" + accountId + ".json"),
              "{\"tokens\":{\"id_token\":\""
                  + TestAccounts.idToken(accountId)
                  + "\",\"access_token\":\"access-"
                  + accountId
                  + "\",\"refresh_token\":\"refresh-"
                  + accountId
                  // Recent: tokens older than 8 days are refreshed before their first request.
                  + "\"},\"last_refresh\":\""
                  + java.time.Instant.now().minusSeconds(3_600)
                  + "\"}");
      run("accounts", "import", authJson.toString());
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates a key with these extra {@code keys create} options; returns the key. */
  String key(String... options) {
    List<String> args = new ArrayList<>(List.of("keys", "create", "--name", "test"));
    args.addAll(List.of(options));
    out.reset();
    run(args.toArray(String[]::new));
    return out.toString(StandardCharsets.UTF_8).strip().lines().reduce((a, b) -> b).orElseThrow();
  }

  /** Starts the server; extra arguments are flags. */
  ProxyFixture start(String... flags) {
    return startWithUpstream(backend.baseUrl(), flags);
  }

  /** Starts the server forwarding to {@code upstreamBaseUrl} instead of the fake backend. */
  ProxyFixture startWithUpstream(String upstreamBaseUrl, String... flags) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--port",
                "0",
                "--dashboard-port",
                "0",
                "--data-dir",
                dataDir.toString(),
                "--upstream-base-url",
                upstreamBaseUrl));
    args.addAll(List.of(flags));
    Launch launch = CodexLb.launch(args.toArray(String[]::new), Map.of(), console);
    assertThat(launch).as("launch: %s", out).isInstanceOf(Launch.Started.class);
    server = ((Launch.Started) launch).server();
    awaitReady();
    return this;
  }

  String url() {
    return server.proxy().url();
  }

  /** The dashboard listener's URL, where the admin API is. */
  String dashboardUrl() {
    return server.dashboard().url();
  }

  /** POSTs {@code body} to {@code path} of the proxy API with {@code key} as the bearer token. */
  HttpResponse<String> post(String path, String body, String key) {
    return Http.post(url() + path, body, "Authorization", "Bearer " + key);
  }

  Path dataDir() {
    return dataDir;
  }

  /** Stops the server (flushing its request logs to the store). */
  void stop() {
    if (server != null) {
      server.stop(Duration.ZERO).toCompletableFuture().join();
      server = null;
    }
  }

  @Override
  public void close() {
    stop();
    backend.close().toCompletableFuture().join();
  }

  private void awaitReady() {
    await()
        .atMost(READY_WITHIN)
        .untilAsserted(
            () -> {
              HttpResponse<String> ready = Http.get(url() + "/health/ready");
              assertThat(ready.statusCode()).as("ready: %s", ready.body()).isEqualTo(200);
            });
  }

  /** Runs a command line ({@code --data-dir} added) against the store; returns what it printed. */
  String cli(String... args) {
    out.reset();
    run(args);
    return out.toString(StandardCharsets.UTF_8);
  }

  private void run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data-dir", dataDir.toString()));
    Launch launch = CodexLb.launch(all.toArray(String[]::new), Map.of(), console);
    assertThat(launch).as("%s: %s", all, out).isEqualTo(new Launch.Exited(0));
  }
}
