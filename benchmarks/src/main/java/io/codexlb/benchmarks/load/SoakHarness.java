package io.codexlb.benchmarks.load;

import io.codexlb.testkit.FakeChatGptBackend;
import io.codexlb.testkit.FakeChatGptBackendOptions;
import io.codexlb.testkit.Script;
import io.codexlb.testkit.ScriptedUsage;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fault soak: codex-lb's jar as a child process (provisioned and started as by {@link
 * LoadHarness}) in front of the testkit's fake ChatGPT backend, behind a {@link SoakUpstream} that
 * injects faults at random (refused connections, hangs, cut streams, 401 storms, 429s), with mixed
 * traffic for N minutes: Responses streamed and not, Chat Completions, on several keys with limits,
 * and clients that go away before the headers or mid-stream. It reports requests served, refusals
 * by cause, exchanges with the upstream still open once traffic has stopped (leaks: must be 0), the
 * heap after a full GC at the start and at the end, and per key the usage codex-lb stored against
 * the usage the upstream delivered plus the usage charged by estimate to clients that went away
 * mid-stream, read from the request log (lost or duplicated: must be 0). Documented in {@code
 * docs/benchmarks.md}; not part of the build's tests.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.codexlb.benchmarks.load.SoakHarness --minutes 10
 * }</pre>
 */
public final class SoakHarness {

  static final String USAGE =
      String.join(
          "\n",
          "usage: SoakHarness [options]",
          "  --minutes N      how long traffic runs (10)",
          "  --users N        clients sending one request after another (16)",
          "  --accounts N     upstream accounts (4)",
          "  --seed N         seed of the traffic and the faults (1)",
          "  --lb-jar PATH    the codex-lb jar (app-bootstrap/target/codex-lb.jar)",
          "  --keep-temp      keep the temporary directory (codex-lb.log, its store)",
          "  --help           this text");

  /** Every key also has this limit, far out of reach, so that its usage is counted in the store. */
  private static final String COUNTING_LIMIT = "total_tokens:monthly:1000000000000";

  /** The limits of the soak's keys, besides the counting one; a key per element. */
  private static final List<List<String>> KEY_LIMITS =
      List.of(
          List.of(),
          List.of("--limit", "requests:minute:120"),
          List.of("--limit", "total_tokens:hourly:40000"),
          List.of("--limit", "output_tokens:minute:3000"));

  /** What the upstream reports for every completed response: 180 tokens in all. */
  static final ScriptedUsage UPSTREAM_USAGE = new ScriptedUsage(120, 20, 60, 10);

  /** The request log's status for a client that went away (nginx's convention). */
  static final int CLIENT_CLOSED_REQUEST = 499;

  private static final long CLIENT_TIMEOUT_MILLIS = 8_000;
  private static final Duration DRAIN = Duration.ofSeconds(30);
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
  private static final Pattern COUNTED =
      Pattern.compile(Pattern.quote(COUNTING_LIMIT) + " \\(used (\\d+)\\)");

  private final Options options;
  private final PrintStream out;
  private final Vertx clientVertx;
  private final HttpClient http;
  private final String url;
  private final List<String> keys;
  private final ConcurrentMap<String, LongAdder> outcomes = new ConcurrentHashMap<>();
  private final LongAdder served = new LongAdder();

  private SoakHarness(
      Options options, PrintStream out, Vertx clientVertx, String url, List<String> keys) {
    this.options = options;
    this.out = out;
    this.clientVertx = clientVertx;
    this.url = url;
    this.keys = keys;
    this.http =
        clientVertx
            .httpClientBuilder()
            .with(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000))
            .with(new PoolOptions().setHttp1MaxSize(options.users()).setMaxWaitQueueSize(-1))
            .build();
  }

  /** The command-line options. */
  record Options(int minutes, int users, int accounts, long seed, Path lbJar, boolean keepTemp) {}

  /**
   * Runs the soak; {@code --help} lists the options.
   *
   * @param args the options
   * @throws Exception if a child process cannot be started or the run is interrupted
   */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Options options;
    try {
      options = parse(List.of(args));
    } catch (IllegalArgumentException invalid) {
      System.err.println("soak: " + invalid.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (options == null) {
      out.println(USAGE);
      return;
    }
    Path dir = Files.createTempDirectory("codex-lb-soak-");
    Vertx upstreamVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    FakeChatGptBackend backend =
        FakeChatGptBackend.start(FakeChatGptBackendOptions.defaults().withRecording(false));
    int status = 1;
    try {
      backend
          .defaultAccount()
          .respondsWith(
              Script.text("The soak's answer, in a few deltas.")
                  .inDeltas(4)
                  .withDelay(Duration.ofMillis(5))
                  .usage(UPSTREAM_USAGE));
      SoakUpstream upstream =
          SoakUpstream.start(upstreamVertx, backend.baseUrl(), options.accounts(), options.seed());
      status = run(options, out, dir, clientVertx, upstream);
    } finally {
      backend.close().toCompletableFuture().join();
      clientVertx.close().toCompletionStage().toCompletableFuture().join();
      upstreamVertx.close().toCompletionStage().toCompletableFuture().join();
      if (options.keepTemp()) {
        out.println("Kept " + dir);
      } else {
        deleteTree(dir);
      }
    }
    System.exit(status);
  }

  /** The options, or {@code null} for {@code --help}. */
  static Options parse(List<String> args) {
    int minutes = 10;
    int users = 16;
    int accounts = 4;
    long seed = 1;
    Path jar = Path.of("app-bootstrap", "target", "codex-lb.jar");
    boolean keep = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--help" -> {
          return null;
        }
        case "--keep-temp" -> keep = true;
        case "--minutes" -> minutes = positive(arg, value(args, ++i, arg));
        case "--users" -> users = positive(arg, value(args, ++i, arg));
        case "--accounts" -> accounts = positive(arg, value(args, ++i, arg));
        case "--seed" -> seed = Long.parseLong(value(args, ++i, arg));
        case "--lb-jar" -> jar = Path.of(value(args, ++i, arg));
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    return new Options(minutes, users, accounts, seed, jar, keep);
  }

  private static String value(List<String> args, int index, String option) {
    if (index >= args.size()) {
      throw new IllegalArgumentException(option + ": missing value");
    }
    return args.get(index);
  }

  private static int positive(String option, String value) {
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": " + value + " (expected: a whole number)");
    }
    if (n < 1) {
      throw new IllegalArgumentException(option + ": " + value + " (expected: >= 1)");
    }
    return n;
  }

  private static int run(
      Options options, PrintStream out, Path dir, Vertx clientVertx, SoakUpstream upstream)
      throws Exception {
    out.print(Machine.describe());
    List<List<String>> keyOptions = new ArrayList<>();
    for (List<String> limits : KEY_LIMITS) {
      List<String> all = new ArrayList<>(List.of("--limit", COUNTING_LIMIT));
      all.addAll(limits);
      keyOptions.add(all);
    }
    CodexLbChild codexLb =
        CodexLbChild.start(
            options.lbJar(),
            List.of(),
            dir,
            upstream.baseUrl(),
            options.accounts(),
            8,
            Map.of("CODEX_LB_AUTH_BASE_URL", upstream.authBaseUrl()),
            keyOptions);
    String keysListing;
    List<LoggedRequest> requestLog;
    long heapStart;
    long heapEnd;
    SoakHarness harness;
    try {
      out.printf(
          "codex-lb pid %d; %d users for %d min, %d accounts, seed %d%n",
          codexLb.pid(), options.users(), options.minutes(), options.accounts(), options.seed());
      heapStart = heapAfterFullGc(codexLb.serverPid());
      harness = new SoakHarness(options, out, clientVertx, codexLb.url(), codexLb.extraKeys());
      harness.traffic(Duration.ofMinutes(options.minutes()));
      upstream.stopFaults();
      long deadline = System.nanoTime() + DRAIN.toNanos();
      while (upstream.openExchanges() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(200); // a harness polling a child process, not a test's synchronisation
      }
      heapEnd = heapAfterFullGc(codexLb.serverPid());
    } finally {
      codexLb.close();
    }
    keysListing = codexLb.listKeys();
    requestLog = requestLog(codexLb.storeFile());
    return harness.report(upstream, heapStart, heapEnd, keysListing, requestLog);
  }

  /** Sends requests from every user until {@code duration} has passed and the last one ended. */
  private void traffic(Duration duration) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    CountDownLatch users = new CountDownLatch(options.users());
    for (int user = 0; user < options.users(); user++) {
      SplittableRandom random = new SplittableRandom(options.seed() * 1_000 + user);
      clientVertx.runOnContext(ignored -> next(random, end, users));
    }
    long minutes = duration.toMinutes();
    for (long m = 1; m <= minutes; m++) {
      if (users.await(1, TimeUnit.MINUTES)) {
        break;
      }
      out.printf("  after %d min: %,d served%n", m, served.sum());
    }
    if (!users.await(CLIENT_TIMEOUT_MILLIS * 3, TimeUnit.MILLISECONDS)) {
      out.println("  some users did not finish their last request");
    }
  }

  /** One user's next request, then the one after it, until {@code end}. */
  private void next(SplittableRandom random, long end, CountDownLatch users) {
    if (System.nanoTime() >= end) {
      users.countDown();
      return;
    }
    int key = random.nextInt(keys.size());
    int kind = random.nextInt(10);
    boolean stream = random.nextBoolean();
    boolean chat = kind < 3;
    // 1 in 20 requests: the client goes away, before the headers or after the first chunk.
    int leave = random.nextInt(20) == 0 ? 1 + random.nextInt(2) : 0;
    String marker = "soak-key-" + key + (leave > 0 ? " soak-slow" : "");
    String body = chat ? chatBody(marker, stream) : responsesBody(marker, stream);
    String path = chat ? "/v1/chat/completions" : "/v1/responses";
    send(path, body, keys.get(key), leave, () -> next(random, end, users));
  }

  private void send(String path, String body, String key, int leave, Runnable then) {
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
    Runnable finish =
        () -> {
          // the next request goes out from the event loop, never recursively from a callback
          clientVertx.runOnContext(ignored -> then.run());
        };
    long leaveAfter = leave == 1 ? 500 : CLIENT_TIMEOUT_MILLIS;
    clientVertx.setTimer(
        leaveAfter,
        id -> {
          if (done.compareAndSet(false, true)) {
            count(leave == 1 ? "client left before headers (planned)" : "client timeout (8 s)");
            HttpClientRequest request = sent.get();
            if (request != null) {
              request.connection().close();
            }
            finish.run();
          }
        });
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(url + path)
            .addHeader("Authorization", "Bearer " + key)
            .addHeader("Content-Type", "application/json");
    http.request(request)
        .compose(
            r -> {
              sent.set(r);
              return r.send(Buffer.buffer(body));
            })
        .onComplete(
            result -> {
              if (result.failed()) {
                if (done.compareAndSet(false, true)) {
                  count("transport error before headers");
                  finish.run();
                }
                return;
              }
              read(result.result(), leave, done, finish);
            });
  }

  private void read(HttpClientResponse response, int leave, AtomicBoolean done, Runnable finish) {
    Buffer body = Buffer.buffer();
    response.handler(
        chunk -> {
          body.appendBuffer(chunk);
          if (leave == 2 && response.statusCode() == 200 && done.compareAndSet(false, true)) {
            count("client left mid-stream (planned)");
            response.request().connection().close();
            finish.run();
          }
        });
    response.exceptionHandler(
        error -> {
          if (done.compareAndSet(false, true)) {
            count(response.statusCode() + " broken off");
            finish.run();
          }
        });
    response.endHandler(
        ignored -> {
          if (!done.compareAndSet(false, true)) {
            return;
          }
          String text = body.toString(StandardCharsets.UTF_8);
          int status = response.statusCode();
          if (status == 200) {
            if (complete(text)) {
              served.increment();
              count("200 served");
            } else {
              count("200 without an end (stream failed or cut)");
            }
            finish.run();
            return;
          }
          count(status + " " + errorCode(text));
          // A refused client waits as told (at most a second), as a well-behaved one would,
          // rather than spinning on refusals.
          long pause = 100;
          String retryAfter = response.getHeader("Retry-After");
          if (retryAfter != null && retryAfter.matches("\\d{1,6}")) {
            pause = Math.max(pause, Math.min(1_000, Long.parseLong(retryAfter) * 1_000));
          }
          clientVertx.setTimer(pause, id -> finish.run());
        });
  }

  /** Whether a 200 answer is whole: a completed response, or a chat answer that finished. */
  private static boolean complete(String text) {
    return text.contains("\"response.completed\"")
        || text.contains("\"status\":\"completed\"")
        || (text.contains("data: [DONE]") && !text.contains("\"error\""))
        || text.contains("\"finish_reason\":\"stop\"");
  }

  private static String errorCode(String text) {
    try {
      JsonObject error = new JsonObject(text).getJsonObject("error");
      if (error == null) {
        return "(no error code)";
      }
      String message = String.valueOf(error.getValue("message"));
      // A key's limit refuses for two reasons under one code; the message tells them apart.
      return error.getValue("code")
          + (message.contains("nearly used up") ? " (limit near, another request in flight)" : "");
    } catch (RuntimeException notJson) {
      return "(not JSON)";
    }
  }

  private void count(String outcome) {
    outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment();
  }

  private static String responsesBody(String marker, boolean stream) {
    return "{\"model\":\""
        + Endpoint.MODEL
        + "\",\"instructions\":\"You are a soak test.\","
        + "\"input\":[{\"type\":\"message\",\"role\":\"user\","
        + "\"content\":[{\"type\":\"input_text\",\"text\":\"Say hello. "
        + marker
        + "\"}]}],\"stream\":"
        + stream
        + ",\"store\":false}";
  }

  private static String chatBody(String marker, boolean stream) {
    return "{\"model\":\""
        + Endpoint.MODEL
        + "\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a soak test.\"},"
        + "{\"role\":\"user\",\"content\":\"Say hello. "
        + marker
        + "\"}],\"stream\":"
        + stream
        + "}";
  }

  /** Prints the report; returns 0 if nothing leaked and no usage was lost or doubled, else 1. */
  private int report(
      SoakUpstream upstream,
      long heapStart,
      long heapEnd,
      String listing,
      List<LoggedRequest> requestLog) {
    out.printf("%nRequests: %,d, served in full: %,d%n", total(), served.sum());
    TextTable outcomesTable = new TextTable("outcome (status code, or what happened)", "requests");
    new TreeMap<>(outcomes)
        .forEach((outcome, n) -> outcomesTable.row(outcome, String.format("%,d", n.sum())));
    out.print(outcomesTable.render());
    out.printf(
        "Faults injected (episodes): %s; requests that met one: %s; token refreshes: %,d;"
            + " upstream exchanges: %,d%n",
        upstream.episodes(),
        upstream.faultedRequests(),
        upstream.refreshes(),
        upstream.exchanges());
    long leaked = upstream.openExchanges();
    out.printf(
        "Upstream exchanges still open %d s after traffic stopped (leaks): %d;"
            + " connections open (idle pooled included): %d%n",
        DRAIN.toSeconds(), leaked, upstream.openConnections());
    out.printf(
        Locale.ROOT,
        "Heap after a full GC: %.1f MiB at the start, %.1f MiB at the end%n",
        heapStart / 1024.0,
        heapEnd / 1024.0);
    TextTable usage =
        new TextTable(
            "key",
            "limits",
            "tokens delivered",
            "charged by estimate (requests)",
            "tokens stored",
            "lost (-) / doubled (+)");
    Map<Integer, Long> answered = upstream.answeredTokens();
    Map<String, EstimateCharges> estimated = chargedByEstimate(requestLog, UPSTREAM_USAGE);
    boolean usageMatches = true;
    for (int k = 0; k < keys.size(); k++) {
      long delivered = answered.getOrDefault(k, 0L);
      EstimateCharges byEstimate = estimated.getOrDefault("key-" + k, EstimateCharges.NONE);
      long stored = storedTokens(listing, k);
      long difference = stored - (delivered + byEstimate.tokens());
      usageMatches &= stored >= 0 && difference == 0;
      usage.row(
          "key-" + k,
          KEY_LIMITS.get(k).isEmpty() ? "none" : String.join(" ", KEY_LIMITS.get(k)),
          String.format("%,d", delivered),
          String.format("%,d (%,d)", byEstimate.tokens(), byEstimate.requests()),
          stored < 0 ? "n/a" : String.format("%,d", stored),
          stored < 0 ? "n/a" : String.format("%+,d", difference));
    }
    out.print(usage.render());
    out.println(
        "Usage: delivered = response.completed the upstream wrote in full; charged by estimate ="
            + " request log rows with status 499 (part of a stream reached the client, then it"
            + " left before upstream's usage) that charged other than upstream's report;"
            + " lost (-) / doubled (+) = stored - (delivered + charged by estimate)");
    out.println("Load average at the end: " + Machine.loadAverage());
    boolean ok = leaked == 0 && usageMatches;
    out.println(ok ? "SOAK OK" : "SOAK FAILED: leaks or usage differences above");
    return ok ? 0 : 1;
  }

  private long total() {
    return outcomes.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /**
   * One request log row of a key, as far as the usage accounting needs it.
   *
   * @param keyName the key's name ({@code key-<k>})
   * @param statusCode the status logged
   * @param inputTokens input tokens, cached ones included
   * @param outputTokens output tokens, reasoning ones included
   * @param cachedInputTokens the cached part of the input
   * @param reasoningTokens the reasoning part of the output
   */
  record LoggedRequest(
      String keyName,
      int statusCode,
      long inputTokens,
      long outputTokens,
      long cachedInputTokens,
      long reasoningTokens) {

    /** Whether this row charged exactly what the upstream reports for a completed response. */
    boolean isUpstreamReport(ScriptedUsage upstream) {
      return inputTokens == upstream.inputTokens()
          && outputTokens == upstream.outputTokens()
          && cachedInputTokens == upstream.cachedTokens()
          && reasoningTokens == upstream.reasoningTokens();
    }
  }

  /**
   * The usage a key was charged by estimate.
   *
   * @param requests how many requests were
   * @param tokens their total tokens (input plus output), as the counting limit counts them
   */
  record EstimateCharges(long requests, long tokens) {
    static final EstimateCharges NONE = new EstimateCharges(0, 0);

    EstimateCharges plus(long moreTokens) {
      return new EstimateCharges(requests + 1, tokens + moreTokens);
    }
  }

  /**
   * Per key name, the usage charged by estimate: the rows of clients that went away ({@value
   * #CLIENT_CLOSED_REQUEST}) that charged tokens, other than upstream's report. codex-lb charges
   * such a request what upstream reported if its {@code response.completed} had arrived (usage the
   * upstream counts as delivered), else the reservation's estimate, and logs what it charged; the
   * soak's upstream reports the same usage for every response, so any other charge is an estimate.
   */
  static Map<String, EstimateCharges> chargedByEstimate(
      List<LoggedRequest> rows, ScriptedUsage upstream) {
    Map<String, EstimateCharges> charges = new HashMap<>();
    for (LoggedRequest row : rows) {
      long tokens = row.inputTokens() + row.outputTokens();
      if (row.statusCode() == CLIENT_CLOSED_REQUEST
          && tokens > 0
          && !row.isUpstreamReport(upstream)) {
        charges.merge(
            row.keyName(), EstimateCharges.NONE.plus(tokens), (a, b) -> a.plus(b.tokens()));
      }
    }
    return charges;
  }

  /**
   * The request log's rows of clients that went away, with their key's name, read from the store
   * once codex-lb has stopped (its log writer drains on a graceful stop).
   */
  static List<LoggedRequest> requestLog(Path storeFile) throws SQLException {
    List<LoggedRequest> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + storeFile);
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT k.name, r.status_code, r.input_tokens, r.output_tokens,"
                    + " r.cached_input_tokens, r.reasoning_tokens"
                    + " FROM request_logs r JOIN api_keys k ON k.id = r.api_key_id"
                    + " WHERE r.status_code = "
                    + CLIENT_CLOSED_REQUEST)) {
      while (row.next()) {
        rows.add(
            new LoggedRequest(
                row.getString(1),
                row.getInt(2),
                row.getLong(3),
                row.getLong(4),
                row.getLong(5),
                row.getLong(6)));
      }
    }
    return rows;
  }

  /** The counted tokens of key {@code k} in a {@code keys list} listing, or -1. */
  static long storedTokens(String listing, int k) {
    for (String line : listing.split("\n")) {
      if (line.contains("\tkey-" + k + "\t")) {
        Matcher used = COUNTED.matcher(line);
        return used.find() ? Long.parseLong(used.group(1)) : -1;
      }
    }
    return -1;
  }

  /** The JVM's heap in use after a full GC, in KiB, through {@code jcmd}; -1 if unknown. */
  static long heapAfterFullGc(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
    return used.find() ? Long.parseLong(used.group(1)) : -1;
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process process =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(60, TimeUnit.SECONDS);
    return output;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
