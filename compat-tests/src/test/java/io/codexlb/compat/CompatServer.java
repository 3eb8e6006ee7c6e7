package io.codexlb.compat;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codexlb.bootstrap.CodexLb;
import io.codexlb.bootstrap.Launch;
import io.codexlb.bootstrap.cli.Console;
import io.codexlb.bootstrap.server.RunningServer;
import io.codexlb.testkit.FakeChatGptBackend;
import io.codexlb.testkit.Script;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real server, launched in-process on free ports over an embedded store in a data directory of
 * its own, with a fake backend of its own as its upstream. Accounts and keys are provisioned first,
 * with the server's own commands, because a running server does not see another launch's writes.
 * Closing it stops the server, then the backend.
 */
final class CompatServer implements AutoCloseable {

  /** Longer than Awaitility's default: a whole server starts; a bound, not a speed test. */
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  private final FakeChatGptBackend backend;
  private final RunningServer server;
  private final Map<String, String> keys;
  private final ByteArrayOutputStream output;

  private CompatServer(
      FakeChatGptBackend backend,
      RunningServer server,
      Map<String, String> keys,
      ByteArrayOutputStream output) {
    this.backend = backend;
    this.server = server;
    this.keys = Map.copyOf(keys);
    this.output = output;
  }

  /** Starts describing a server that stores into {@code dataDir}. */
  static Builder in(Path dataDir) {
    return new Builder(dataDir);
  }

  /** The fake ChatGPT backend upstream: script its accounts, read what it received. */
  FakeChatGptBackend backend() {
    return backend;
  }

  /**
   * Forgets the backend's scripts and recordings, then has {@code accountId} answer with {@code
   * script}: each test starts from the same upstream.
   */
  void rescript(String accountId, Script script) {
    backend.reset();
    backend.account(accountId).respondsWith(script);
  }

  /** The proxy listener's base URL, {@code http://127.0.0.1:PORT}. */
  String proxyUrl() {
    return server.proxy().url();
  }

  /** The {@code sk-clb-} key created under {@code name}. */
  String key(String name) {
    String key = keys.get(name);
    if (key == null) {
      throw new IllegalArgumentException(
          "key: " + name + " (expected: one of " + keys.keySet() + ")");
    }
    return key;
  }

  /** What the server and its provisioning commands printed, to explain a failed assertion. */
  String output() {
    return output.toString(StandardCharsets.UTF_8);
  }

  /**
   * Waits until {@code /health/ready} answers 200: the listeners are bound before the store is
   * open, and until then the proxy answers 503 {@code service_unavailable}, which no test expects.
   */
  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create(proxyUrl() + "/health/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    await()
        .atMost(READY_TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(readyStatus(http, ready))
                    .as("/health/ready status (-1: no answer); the server said:%n%s", output())
                    .isEqualTo(200));
  }

  private static int readyStatus(HttpClient http, HttpRequest ready) throws InterruptedException {
    try {
      return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException notListeningYet) {
      return -1;
    }
  }

  @Override
  public void close() throws InterruptedException, ExecutionException, TimeoutException {
    try {
      server.stop(Duration.ZERO).toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      backend.close().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** The accounts and keys to provision before the start. */
  static final class Builder {

    private final Path dataDir;
    private final List<String> accounts = new ArrayList<>();
    private final Map<String, List<String>> keyOptions = new LinkedHashMap<>();

    private Builder(Path dataDir) {
      this.dataDir = requireNonNull(dataDir, "dataDir");
    }

    /** Imports an account whose id (and {@code chatgpt-account-id} upstream) is {@code id}. */
    Builder account(String id) {
      accounts.add(requireNonNull(id, "id"));
      return this;
    }

    /**
     * Creates a key named {@code name}, passing {@code options} to {@code keys create} (such as
     * {@code --allowed-models m1,m2} or {@code --limit requests:daily:1}).
     */
    Builder key(String name, String... options) {
      keyOptions.put(requireNonNull(name, "name"), List.of(options));
      return this;
    }

    /**
     * Starts the backend, provisions, then starts the server; fails with the commands' output when
     * anything fails.
     */
    CompatServer start() {
      FakeChatGptBackend backend = FakeChatGptBackend.start();
      try {
        return start(backend);
      } catch (RuntimeException e) {
        backend.close().toCompletableFuture().join();
        throw e;
      }
    }

    private CompatServer start(FakeChatGptBackend backend) {
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      Map<String, String> environment = Map.of("CODEX_LB_UPSTREAM_BASE_URL", backend.baseUrl());

      for (String account : accounts) {
        run(environment, output, "accounts", "import", AuthJson.write(dataDir, account).toString());
      }
      Map<String, String> keys = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> key : keyOptions.entrySet()) {
        List<String> args = new ArrayList<>(List.of("keys", "create", "--name", key.getKey()));
        args.addAll(key.getValue());
        keys.put(key.getKey(), lastLine(run(environment, output, args.toArray(String[]::new))));
      }

      PrintStream printer = new PrintStream(output, true, StandardCharsets.UTF_8);
      Launch launch =
          CodexLb.launch(
              withDataDir("--port", "0", "--dashboard-port", "0"),
              environment,
              new Console(printer, printer));
      if (!(launch instanceof Launch.Started started)) {
        throw new IllegalStateException(
            "server did not start: " + launch + "\n" + output.toString(StandardCharsets.UTF_8));
      }
      CompatServer server = new CompatServer(backend, started.server(), keys, output);
      try {
        server.awaitReady();
      } catch (RuntimeException e) {
        started.server().stop(Duration.ZERO);
        throw e;
      }
      return server;
    }

    /**
     * Runs one provisioning command and returns its standard output, which may hold a key and so
     * goes nowhere else; its standard error joins {@code log}.
     */
    private String run(Map<String, String> environment, ByteArrayOutputStream log, String... args) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Console console =
          new Console(
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(log, true, StandardCharsets.UTF_8));
      Launch launch = CodexLb.launch(withDataDir(args), environment, console);
      if (launch instanceof Launch.Started started) {
        started.server().stop(Duration.ZERO);
        throw new IllegalStateException("a provisioning command started a server: " + args[0]);
      }
      if (!launch.equals(new Launch.Exited(0))) {
        throw new IllegalStateException(
            args[0]
                + " "
                + args[1]
                + " ended with "
                + launch
                + "\n"
                + log.toString(StandardCharsets.UTF_8));
      }
      return out.toString(StandardCharsets.UTF_8);
    }

    private String[] withDataDir(String... args) {
      List<String> all = new ArrayList<>(List.of(args));
      all.add("--data-dir");
      all.add(dataDir.toString());
      return all.toArray(String[]::new);
    }

    private static String lastLine(String text) {
      List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
      if (lines.isEmpty() || !lines.get(lines.size() - 1).startsWith("sk-clb-")) {
        throw new IllegalStateException("keys create printed no key as its last line");
      }
      return lines.get(lines.size() - 1).strip();
    }
  }
}
