package io.codexlb.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * codex-lb as the harness's child process, from its shaded jar, so that its resident memory can be
 * read from {@code /proc}. It is provisioned first with its own command line (accounts imported
 * from generated {@code auth.json} files, one API key without limits) into a data directory in the
 * harness's temporary directory, then started with {@code CODEX_LB_UPSTREAM_BASE_URL} pointing at
 * the fake backend.
 */
final class CodexLbChild implements AutoCloseable {

  /** The account ids; the fake backend sees each as the {@code chatgpt-account-id} header. */
  static final String ACCOUNT_PREFIX = "load-";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final int port;
  private final String apiKey;
  private final List<String> extraKeys;
  private final Path jar;
  private final Path dir;
  private final Map<String, String> env;
  private final long launchedAtNanos;

  private CodexLbChild(
      Process process,
      long launchedAtNanos,
      int port,
      String apiKey,
      List<String> extraKeys,
      Path jar,
      Path dir,
      Map<String, String> env) {
    this.process = process;
    this.launchedAtNanos = launchedAtNanos;
    this.port = port;
    this.apiKey = apiKey;
    this.extraKeys = List.copyOf(extraKeys);
    this.jar = jar;
    this.dir = dir;
    this.env = env;
  }

  /**
   * Provisions {@code accounts} accounts and a key in {@code dir/data}, sets the per-account
   * concurrency cap, then starts the server on a free port at log level {@code WARN} (no line per
   * request) and waits until it listens.
   */
  static CodexLbChild start(
      Path jar,
      List<String> javaOptions,
      Path dir,
      String upstreamBaseUrl,
      int accounts,
      int accountStreamLimit)
      throws IOException, InterruptedException {
    return start(
        jar, javaOptions, dir, upstreamBaseUrl, accounts, accountStreamLimit, Map.of(), List.of());
  }

  /** As {@link #start(Path, List, Path, String, int, int)}, at log level {@code logLevel}. */
  static CodexLbChild start(
      Path jar,
      List<String> javaOptions,
      Path dir,
      String upstreamBaseUrl,
      int accounts,
      int accountStreamLimit,
      String logLevel)
      throws IOException, InterruptedException {
    return start(
        jar,
        javaOptions,
        dir,
        upstreamBaseUrl,
        accounts,
        accountStreamLimit,
        Map.of(),
        List.of(),
        logLevel);
  }

  /**
   * As {@link #start(Path, List, Path, String, int, int)}, with more environment for the server (on
   * top of the upstream settings) and more keys: one per element of {@code extraKeys}, created with
   * those {@code keys create} options (e.g. {@code --limit requests:minute:30}) and named {@code
   * key-<index>}; see {@link #extraKeys()}.
   */
  static CodexLbChild start(
      Path jar,
      List<String> javaOptions,
      Path dir,
      String upstreamBaseUrl,
      int accounts,
      int accountStreamLimit,
      Map<String, String> extraEnv,
      List<List<String>> extraKeys)
      throws IOException, InterruptedException {
    return start(
        jar,
        javaOptions,
        dir,
        upstreamBaseUrl,
        accounts,
        accountStreamLimit,
        extraEnv,
        extraKeys,
        "WARN");
  }

  private static CodexLbChild start(
      Path jar,
      List<String> javaOptions,
      Path dir,
      String upstreamBaseUrl,
      int accounts,
      int accountStreamLimit,
      Map<String, String> extraEnv,
      List<List<String>> extraKeys,
      String logLevel)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "--lb-jar: "
              + jar
              + " (expected: the shaded jar; build it with ./mvnw -o -q package -DskipTests"
              + " -pl app-bootstrap -am)");
    }
    Path data = Files.createDirectories(dir.resolve("data"));
    // One upstream connection per stream in flight: the memory phase holds thousands.
    Map<String, String> env = new java.util.HashMap<>(extraEnv);
    env.put("CODEX_LB_UPSTREAM_BASE_URL", upstreamBaseUrl);
    env.putIfAbsent("CODEX_LB_UPSTREAM_MAX_CONNECTIONS", Integer.toString(UPSTREAM_CONNECTIONS));
    for (int i = 1; i <= accounts; i++) {
      Path auth = Files.writeString(dir.resolve("auth-" + i + ".json"), authJson(i, Instant.now()));
      admin(
          jar,
          dir,
          env,
          "import-" + i,
          "accounts",
          "import",
          auth.toString(),
          "--data-dir",
          data.toString());
    }
    String key =
        lastLine(
            admin(
                jar,
                dir,
                env,
                "key",
                "keys",
                "create",
                "--name",
                "load-harness",
                "--data-dir",
                data.toString()));
    if (!key.startsWith("sk-clb-")) {
      throw new IllegalStateException(
          "codex-lb keys create: no key printed (expected: sk-clb-... as the last line)");
    }
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < extraKeys.size(); i++) {
      List<String> command =
          new ArrayList<>(List.of("keys", "create", "--name", "key-" + i, "--data-dir"));
      command.add(data.toString());
      command.addAll(extraKeys.get(i));
      String extra = lastLine(admin(jar, dir, env, "key-" + i, command.toArray(String[]::new)));
      if (!extra.startsWith("sk-clb-")) {
        throw new IllegalStateException(
            "codex-lb keys create "
                + extraKeys.get(i)
                + ": no key printed (see key-"
                + i
                + ".log)");
      }
      keys.add(extra);
    }
    RoutingSettingsWriter.setAccountStreamLimit(data.resolve("store.db"), accountStreamLimit);
    int port = ChildProcess.freePort();
    List<String> arguments = new ArrayList<>(javaOptions);
    arguments.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "--port",
            Integer.toString(port),
            "--dashboard-port",
            "0",
            "--data-dir",
            data.toString(),
            "--log-level",
            logLevel));
    long launchedAtNanos = System.nanoTime();
    Process process =
        builder(ChildProcess.java(arguments), env)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("codex-lb.log").toFile())
            .start();
    if (!ChildProcess.awaitListening(process, port, START_TIMEOUT)) {
      ChildProcess.stop(process);
      throw new IllegalStateException(
          "codex-lb: not listening on port " + port + " (expected: it starts; see codex-lb.log)");
    }
    return new CodexLbChild(process, launchedAtNanos, port, key, keys, jar, dir, Map.copyOf(env));
  }

  /** {@link System#nanoTime()} just before the server's JVM was launched. */
  long launchedAtNanos() {
    return launchedAtNanos;
  }

  /** The keys created with options, in the order of the options. */
  List<String> extraKeys() {
    return extraKeys;
  }

  /**
   * The output of {@code keys list} against the data directory: one line per key, tab-separated,
   * its limits last as {@code type:window:max (used n)}. Call it after {@link #close()}: a running
   * server does not hear another process's reads of its store, but its usage must be flushed.
   */
  String listKeys() throws IOException, InterruptedException {
    return admin(
        jar, dir, env, "keys-list", "keys", "list", "--data-dir", dir.resolve("data").toString());
  }

  /** Its SQLite store; read it only after {@link #close()}, as {@link #listKeys()}. */
  Path storeFile() {
    return dir.resolve("data").resolve("store.db");
  }

  /** {@code http://127.0.0.1:<port>}, the proxy API. */
  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The API key to send as {@code Authorization: Bearer}. */
  String apiKey() {
    return apiKey;
  }

  /**
   * The process id of the JVM launched, for {@code /proc/<pid>/status}; with no JVM option it is
   * codex-lb's launcher, and the server runs in its child ({@link #serverPid()}).
   */
  long pid() {
    return process.pid();
  }

  /**
   * The process id of the JVM that serves, to attach to: the launched JVM's child when it started
   * one (codex-lb's launcher, docs/operations.md), else the launched JVM itself.
   */
  long serverPid() {
    return process.toHandle().children().findFirst().map(ProcessHandle::pid).orElse(process.pid());
  }

  /** Stops it (SIGTERM: a graceful stop). */
  @Override
  public void close() {
    ChildProcess.stop(process);
  }

  /**
   * A Codex CLI {@code auth.json} for account {@code load-<n>}: an unsigned id_token whose claims
   * name the account and a plan, placeholder access and refresh tokens, refreshed at {@code now}
   * (so codex-lb sees no reason to refresh them).
   */
  static String authJson(int n, Instant now) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String claims =
        "{\"email\":\"load-"
            + n
            + "@example.com\",\"https://api.openai.com/auth\":"
            + "{\"chatgpt_account_id\":\""
            + ACCOUNT_PREFIX
            + n
            + "\",\"chatgpt_plan_type\":\"pro\"}}";
    String idToken =
        base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
            + ".unsigned";
    return "{\"tokens\":{\"id_token\":\""
        + idToken
        + "\",\"access_token\":\"load-access-"
        + n
        + "\",\"refresh_token\":\"load-refresh-"
        + n
        + "\"},\"last_refresh\":\""
        + now
        + "\"}";
  }

  /**
   * Runs one provisioning command of the jar and returns its standard output, read from a pipe
   * rather than a file because {@code keys create} prints the new key there. Its standard error
   * (messages without secrets) goes to {@code dir/<name>.log}.
   */
  private static String admin(
      Path jar, Path dir, Map<String, String> env, String name, String... command)
      throws IOException, InterruptedException {
    List<String> arguments = new ArrayList<>(List.of("-jar", jar.toString()));
    arguments.addAll(List.of(command));
    Path log = dir.resolve(name + ".log");
    Process process =
        builder(ChildProcess.java(arguments), env).redirectError(log.toFile()).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String what = "codex-lb " + command[0] + " " + command[1];
    if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      ChildProcess.stop(process);
      throw new IllegalStateException(what + ": timed out (see " + log + ")");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          what + ": exit " + process.exitValue() + " (expected: 0; see " + log + ")");
    }
    return output;
  }

  // Settings the harness does not choose are the defaults, whatever the caller's shell has set.
  /** The upstream connections codex-lb may open: more than the most streams the harness holds. */
  static final int UPSTREAM_CONNECTIONS = 20_000;

  private static ProcessBuilder builder(List<String> command, Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("CODEX_LB_"));
    builder.environment().remove("LOG_LEVEL");
    builder.environment().putAll(env);
    return builder;
  }

  private static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    return lines[lines.length - 1].strip();
  }
}
