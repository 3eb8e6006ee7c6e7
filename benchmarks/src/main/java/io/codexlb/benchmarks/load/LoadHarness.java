package io.codexlb.benchmarks.load;

import io.codexlb.benchmarks.load.HarnessOptions.Phase;
import io.codexlb.benchmarks.load.HarnessOptions.Target;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The data-plane load harness. It starts the fake ChatGPT backend, nginx and codex-lb as child
 * processes on loopback, then measures side by side, one path after the other: straight to the
 * backend, through nginx and through codex-lb. Phases: open-loop latency at a fixed rate, closed-
 * loop maximum throughput, open-loop time to first byte of streams, and codex-lb's resident memory
 * with many streams open. It prints tables and writes only into a temporary directory, deleted at
 * the end unless {@code --keep-temp}.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.codexlb.benchmarks.load.LoadHarness --help
 * }</pre>
 */
public final class LoadHarness {

  /** Descriptors codex-lb needs besides two per stream (jars, epoll, listeners, the store). */
  static final int DESCRIPTOR_RESERVE = 500;

  private final HarnessOptions options;
  private final PrintStream out;
  private final Context context;
  private final BackendChild backend;
  private final NginxChild nginx;
  private final Path dir;
  // Started by the phases: the start-up phase launches it at a time of its choosing.
  private CodexLbChild codexLb;

  private LoadHarness(
      HarnessOptions options,
      PrintStream out,
      Context context,
      BackendChild backend,
      NginxChild nginx,
      Path dir) {
    this.options = options;
    this.out = out;
    this.context = context;
    this.backend = backend;
    this.nginx = nginx;
    this.dir = dir;
  }

  /**
   * Runs the harness; {@code --help} lists the options.
   *
   * @param args the options
   * @throws Exception if a child process cannot be started or the run is interrupted
   */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    HarnessOptions.Parsed parsed = HarnessOptions.parse(List.of(args));
    if (parsed instanceof HarnessOptions.Parsed.Help) {
      out.println(HarnessOptions.USAGE);
      return;
    }
    if (parsed instanceof HarnessOptions.Parsed.Invalid invalid) {
      System.err.println("load-harness: " + invalid.message());
      System.err.println(HarnessOptions.USAGE);
      System.exit(2);
    }
    HarnessOptions options = ((HarnessOptions.Parsed.Run) parsed).options();
    Path dir = Files.createTempDirectory("codex-lb-load-");
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      run(options, out, dir, vertx);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
      if (options.keepTemp()) {
        out.println("Kept " + dir);
      } else {
        deleteTree(dir);
      }
    }
    System.exit(0);
  }

  private static void run(HarnessOptions options, PrintStream out, Path dir, Vertx vertx)
      throws Exception {
    out.print(Machine.describe());
    boolean needsLb =
        options.targets().contains(Target.CODEX_LB)
            || options.targets().contains(Target.CODEX_LB_CHAT)
            || options.phases().contains(Phase.MEMORY);
    try (BackendChild backend = BackendChild.start(dir);
        NginxChild nginx =
            options.targets().contains(Target.NGINX) || options.phases().contains(Phase.STARTUP)
                ? NginxChild.start(dir, backend.port())
                : null) {
      out.println("Fake backend pid " + backend.pid());
      LoadHarness harness =
          new LoadHarness(options, out, vertx.getOrCreateContext(), backend, nginx, dir);
      try {
        if (options.phases().contains(Phase.STARTUP)) {
          harness.startup();
        } else if (needsLb) {
          harness.startLb();
        }
        harness.runPhases();
      } finally {
        if (harness.codexLb != null) {
          harness.codexLb.close();
        }
      }
    }
  }

  private void startLb() throws IOException, InterruptedException {
    codexLb =
        CodexLbChild.start(
            options.lbJar(),
            lbJavaOptions(options, dir),
            dir,
            backend.baseUrl(),
            options.accounts(),
            options.accountStreamLimit(),
            options.lbLogLevel());
    out.printf(
        "codex-lb pid %d (log level %s, JVM options %s), listening %,d ms after its launch%n",
        codexLb.pid(),
        options.lbLogLevel(),
        options.lbJavaOptions().isEmpty() ? "none" : String.join(" ", options.lbJavaOptions()),
        java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(
            System.nanoTime() - codexLb.launchedAtNanos()));
  }

  /** Seconds after codex-lb's launch when the start-up window opens, and its length. */
  private static final int STARTUP_FROM_SECONDS = 3;

  private static final int STARTUP_WINDOW_SECONDS = 5;

  /**
   * The first seconds as a user sees them: the backend and nginx warmed up (the JIT warm-up's
   * seconds through nginx, discarded), nginx measured for the window's length, then codex-lb
   * launched and measured, streaming, in the window from {@link #STARTUP_FROM_SECONDS} after its
   * launch, with the load on from the moment it listens.
   */
  private void startup() throws Exception {
    backend.script(1, 0);
    Endpoint viaNginx = backendEndpoint(Target.NGINX.label(), nginx.url() + "/backend-api");
    out.printf(
        "%nStart-up: closed loop, %d connections, stream:true; nginx after %d s of warm-up, then"
            + " codex-lb launched and measured %d-%d s after its launch%n",
        options.connections(),
        options.jitWarmUpSeconds(),
        STARTUP_FROM_SECONDS,
        STARTUP_FROM_SECONDS + STARTUP_WINDOW_SECONDS);
    LoadClient nginxClient = new LoadClient(context.owner(), options.connections());
    ClosedLoopRun.Result nginxResult =
        ClosedLoopRun.run(
            context,
            nginxClient,
            viaNginx,
            options.connections(),
            options.jitWarmUpSeconds(),
            STARTUP_WINDOW_SECONDS);
    nginxClient.close().toCompletableFuture().join();
    startLb();
    LoadClient lbClient = new LoadClient(context.owner(), options.connections());
    long from =
        codexLb.launchedAtNanos()
            + java.util.concurrent.TimeUnit.SECONDS.toNanos(STARTUP_FROM_SECONDS);
    ClosedLoopRun.Result lbResult =
        ClosedLoopRun.runBetween(
            context,
            lbClient,
            codexLbEndpoint(true),
            options.connections(),
            from,
            from + java.util.concurrent.TimeUnit.SECONDS.toNanos(STARTUP_WINDOW_SECONDS));
    lbClient.close().toCompletableFuture().join();
    TextTable table = new TextTable("path", "requests/s", "p50 ms", "p99 ms", "failed");
    throughputRow(table, viaNginx.label(), nginxResult);
    throughputRow(table, "codex-lb stream:true", lbResult);
    out.print(table.render());
    out.printf(
        "codex-lb / nginx in the first seconds: %.2f (target: >= 0.30)%n",
        nginxResult.perSecond() == 0 ? 0 : lbResult.perSecond() / nginxResult.perSecond());
  }

  private static void throughputRow(TextTable table, String label, ClosedLoopRun.Result result) {
    LatencySummary latency = LatencySummary.of(result.latency());
    table.row(
        label,
        String.format("%,.0f", result.perSecond()),
        LatencySummary.millis(latency.p50()),
        LatencySummary.millis(latency.p99()),
        result.failed().describe());
  }

  private static List<String> lbJavaOptions(HarnessOptions options, Path dir) {
    List<String> javaOptions = new ArrayList<>(options.lbJavaOptions());
    if (options.lbFlightRecording()) {
      javaOptions.add(
          "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
              + dir.resolve("codex-lb.jfr"));
    }
    return javaOptions;
  }

  private void runPhases() throws Exception {
    if (options.jitWarmUpSeconds() > 0
        && (options.phases().contains(Phase.LATENCY)
            || options.phases().contains(Phase.THROUGHPUT)
            || options.phases().contains(Phase.TTFB))) {
      jitWarmUp();
    }
    for (Phase phase : options.phases()) {
      switch (phase) {
        case LATENCY -> latency();
        case THROUGHPUT -> throughput();
        case TTFB -> firstByte();
        case MEMORY -> memory();
        case STARTUP -> {
          // Run first, before anything else warmed codex-lb up.
        }
      }
    }
    if (codexLb != null) {
      out.printf(
          "codex-lb resident memory at the end (its processes summed): %,d MiB (peak %,d MiB)%n",
          ProcStatus.residentKib(codexLb.pid()).orElse(0) / 1024,
          ProcStatus.peakResidentKib(codexLb.pid()).orElse(0) / 1024);
    }
    out.println("Load average at the end: " + Machine.loadAverage());
  }

  /**
   * Closed-loop load on every path, discarded: codex-lb's JVM needs tens of seconds of load before
   * its hot path is compiled (a first run at 1,000 requests/s measured the interpreter and C1).
   */
  private void jitWarmUp() throws Exception {
    backend.script(1, 0);
    out.printf(
        "%nJIT warm-up: closed loop, %d connections, %d s per path (discarded)%n",
        options.connections(), options.jitWarmUpSeconds());
    for (Endpoint endpoint : endpoints(true)) {
      LoadClient client = new LoadClient(context.owner(), options.connections());
      ClosedLoopRun.Result result =
          ClosedLoopRun.run(
              context, client, endpoint, options.connections(), 0, options.jitWarmUpSeconds());
      client.close().toCompletableFuture().join();
      out.printf(
          "  %s: %,.0f requests/s, failed %s%n",
          endpoint.label(), result.perSecond(), result.failed().describe());
    }
  }

  private void latency() throws Exception {
    backend.script(1, 0);
    out.printf(
        "%nLatency: open loop, %,d requests/s, %d s per path in %d interleaved rounds after %d s of"
            + " warm-up; a one-delta answer; time from when each request was due to its last byte"
            + " (ms)%n",
        options.rate(), options.durationSeconds(), rounds(), options.warmUpSeconds());
    Map<String, OpenLoopRun.Result> results = openLoopRounds(endpoints(true));
    TextTable table = latencyTable();
    results.forEach((label, result) -> latencyRow(table, label, result.complete(), result));
    addedRows(table, results, OpenLoopRun.Result::complete);
    out.print(table.render());
  }

  private void throughput() throws Exception {
    backend.script(1, 0);
    boolean fixedCount = options.requests() > 0;
    int rounds = fixedCount ? options.rounds() : rounds();
    long perSlice = Math.max(1, options.requests() / rounds);
    if (fixedCount) {
      out.printf(
          "%nThroughput: closed loop, %d connections, %,d requests per path in %d interleaved"
              + " rounds after %d s of warm-up; a one-delta answer%n",
          options.connections(), perSlice * rounds, rounds, options.warmUpSeconds());
    } else {
      out.printf(
          "%nThroughput: closed loop, %d connections, %d s per path in %d interleaved rounds after"
              + " %d s of warm-up; a one-delta answer%n",
          options.connections(), options.durationSeconds(), rounds, options.warmUpSeconds());
    }
    List<Endpoint> endpoints = endpoints(true);
    Map<String, LoadClient> clients = new LinkedHashMap<>();
    Map<String, ClosedLoopRun.Result> results = new LinkedHashMap<>();
    for (Endpoint endpoint : endpoints) {
      LoadClient client = new LoadClient(context.owner(), options.connections());
      clients.put(endpoint.label(), client);
      results.put(endpoint.label(), ClosedLoopRun.Result.empty());
      if (options.warmUpSeconds() > 0) {
        ClosedLoopRun.run(
            context, client, endpoint, options.connections(), 0, options.warmUpSeconds());
      }
    }
    // Over a fixed count, codex-lb's own counters too: allocation and its threads' CPU.
    JvmProbe probe =
        fixedCount && codexLb != null ? JvmProbe.attach(codexLb.serverPid()).orElse(null) : null;
    Map<String, Long> cpuNanos = new LinkedHashMap<>();
    Map<String, JvmProbe.Totals> jvm = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (Endpoint endpoint : rotated(endpoints, round)) {
        long pid = proxyPid(endpoint.label());
        boolean probed = probe != null && pid >= 0 && pid == codexLb.pid();
        JvmProbe.Totals jvmBefore = probed ? probe.read() : null;
        long cpuBefore = pid < 0 ? 0 : ProcStatus.cpuNanos(pid).orElse(0);
        LoadClient client = clients.get(endpoint.label());
        ClosedLoopRun.Result slice =
            fixedCount
                ? ClosedLoopRun.runCount(context, client, endpoint, options.connections(), perSlice)
                : ClosedLoopRun.run(
                    context, client, endpoint, options.connections(), 0, sliceSeconds());
        if (pid >= 0) {
          cpuNanos.merge(
              endpoint.label(), ProcStatus.cpuNanos(pid).orElse(0) - cpuBefore, Long::sum);
        }
        if (jvmBefore != null) {
          JvmProbe.Totals used = probe.read().minus(jvmBefore).minus(probe.readCost());
          jvm.merge(
              endpoint.label(),
              used,
              (a, b) ->
                  new JvmProbe.Totals(
                      a.allocatedBytes() + b.allocatedBytes(),
                      a.threadCpuNanos() + b.threadCpuNanos()));
        }
        results.merge(endpoint.label(), slice, ClosedLoopRun.Result::plus);
      }
    }
    if (probe != null) {
      probe.close();
    }
    closeAll(clients);
    TextTable table =
        fixedCount
            ? new TextTable(
                "path",
                "requests/s",
                "p50 ms",
                "p99 ms",
                "proxy CPU/request",
                "JVM threads CPU/request",
                "allocated/request",
                "failed")
            : new TextTable(
                "path", "requests/s", "p50 ms", "p99 ms", "proxy CPU/request", "failed");
    results.forEach(
        (label, result) -> {
          LatencySummary latency = LatencySummary.of(result.latency());
          Long cpu = cpuNanos.get(label);
          String cpuPerRequest =
              cpu == null || result.counted() == 0
                  ? ""
                  : String.format("%,.1f µs", cpu / 1000.0 / result.counted());
          if (!fixedCount) {
            table.row(
                label,
                String.format("%,.0f", result.perSecond()),
                LatencySummary.millis(latency.p50()),
                LatencySummary.millis(latency.p99()),
                cpuPerRequest,
                result.failed().describe());
            return;
          }
          JvmProbe.Totals used = jvm.get(label);
          table.row(
              label,
              String.format("%,.0f", result.perSecond()),
              LatencySummary.millis(latency.p50()),
              LatencySummary.millis(latency.p99()),
              cpuPerRequest,
              used == null || result.counted() == 0
                  ? ""
                  : String.format("%,.1f µs", used.threadCpuNanos() / 1000.0 / result.counted()),
              used == null || result.counted() == 0
                  ? ""
                  : String.format("%,.0f B", used.allocatedBytes() / (double) result.counted()),
              result.failed().describe());
        });
    out.print(table.render());
    if (fixedCount) {
      out.println(
          "Over a fixed count: proxy CPU is the process's (/proc, JIT and GC threads included);"
              + " JVM threads CPU and allocated are codex-lb's Java threads' (JMX), the cost of"
              + " reading them taken off. Allocation is exact; CPU is load-independent but for"
              + " cache and scheduling effects.");
    }
    ClosedLoopRun.Result nginxResult = results.get(Target.NGINX.label());
    if (nginxResult != null && nginxResult.perSecond() > 0) {
      results.forEach(
          (label, result) -> {
            if (label.startsWith(Target.CODEX_LB.label())) {
              out.printf(
                  "%s / nginx: %.2f (target: >= 0.50)%n",
                  label, result.perSecond() / nginxResult.perSecond());
            }
          });
    }
  }

  /**
   * The process whose CPU a path's requests cost: nginx (its master and workers) or codex-lb; -1
   * for direct. The window's CPU is divided by the requests counted in it, so it is a slight
   * over-estimate (requests that ended after the window used some of it too).
   */
  private long proxyPid(String label) {
    if (label.equals(Target.NGINX.label())) {
      return nginx.pid();
    }
    if (label.startsWith(Target.CODEX_LB.label()) && codexLb != null) {
      return codexLb.pid();
    }
    return -1;
  }

  private void firstByte() throws Exception {
    backend.script(StreamShape.DELTAS, StreamShape.DELAY_MILLIS);
    out.printf(
        "%nTime to first byte: open loop, %,d streams/s, %d s per path in %d interleaved rounds"
            + " after %d s of warm-up; %d deltas %d ms apart; time from when each request was due"
            + " to the first byte of its body (ms)%n",
        options.rate(),
        options.durationSeconds(),
        rounds(),
        options.warmUpSeconds(),
        StreamShape.DELTAS,
        StreamShape.DELAY_MILLIS);
    Map<String, OpenLoopRun.Result> results = openLoopRounds(endpoints(false));
    TextTable table = latencyTable();
    results.forEach((label, result) -> latencyRow(table, label, result.firstByte(), result));
    addedRows(table, results, OpenLoopRun.Result::firstByte);
    out.print(table.render());
  }

  /**
   * Holds many streams open and reads resident memory: through codex-lb (its memory), and, when
   * direct is among the targets, straight to the backend (the fake backend's own memory: what one
   * Vert.x process holding the same streams costs, a yardstick). nginx is left out: it is several
   * processes.
   */
  private void memory() throws Exception {
    int streams = streamsThatFit();
    int openSeconds = (streams + options.streamOpenRate() - 1) / options.streamOpenRate();
    // Ten deltas spread over longer than the whole phase: no stream ends on its own.
    int holdMillis = (openSeconds + 90) * 100;
    out.printf(
        "%nMemory: %,d streams opened at %,d/s and held open (10 deltas %d ms apart); resident"
            + " memory (VmRSS) of the process named%n",
        streams, options.streamOpenRate(), holdMillis);
    if (options.targets().contains(Target.DIRECT)) {
      backend.script(10, holdMillis);
      out.print("direct (the fake backend's own memory):\n");
      out.print(
          holdStreams(
              backendEndpoint(Target.DIRECT.label(), backend.baseUrl()), streams, backend.pid()));
    }
    backend.script(10, holdMillis);
    out.print("codex-lb stream:true (codex-lb's memory):\n");
    out.print(holdStreams(codexLbEndpoint(true), streams, codexLb.pid()));
    backend.script(1, 0);
  }

  private String holdStreams(Endpoint endpoint, int streams, long pid) throws InterruptedException {
    LoadClient client = new LoadClient(context.owner(), streams);
    OpenStreamsRun.Result result =
        OpenStreamsRun.run(context, client, endpoint, streams, options.streamOpenRate(), pid);
    return MemoryReport.render(result);
  }

  /** The streams asked for, or fewer when the open-files limit cannot hold them. */
  private int streamsThatFit() {
    long limit = ProcStatus.openFilesLimit().orElse(Long.MAX_VALUE);
    long fits = (limit - DESCRIPTOR_RESERVE) / 2;
    if (options.streams() <= fits) {
      return options.streams();
    }
    out.printf(
        "%nThe open-files limit here is %,d per process and cannot be raised; codex-lb needs two"
            + " descriptors per stream (client and upstream), so %,d streams are held instead of"
            + " %,d.%n",
        limit, fits, options.streams());
    return Math.toIntExact(fits);
  }

  /**
   * Warms each path up, then measures them in rounds, a slice of each path per round in a rotating
   * order, so that a change in the machine's load (other processes share its two cores) falls on
   * every path alike instead of on whichever ran at the time.
   */
  private Map<String, OpenLoopRun.Result> openLoopRounds(List<Endpoint> endpoints)
      throws InterruptedException {
    Map<String, LoadClient> clients = new LinkedHashMap<>();
    Map<String, OpenLoopRun.Result> results = new LinkedHashMap<>();
    for (Endpoint endpoint : endpoints) {
      LoadClient client = new LoadClient(context.owner(), OPEN_LOOP_CONNECTIONS);
      clients.put(endpoint.label(), client);
      results.put(endpoint.label(), OpenLoopRun.Result.empty());
      if (options.warmUpSeconds() > 0) {
        OpenLoopRun.run(context, client, endpoint, options.rate(), options.warmUpSeconds());
      }
    }
    for (int round = 0; round < rounds(); round++) {
      for (Endpoint endpoint : rotated(endpoints, round)) {
        OpenLoopRun.Result slice =
            OpenLoopRun.run(
                context, clients.get(endpoint.label()), endpoint, options.rate(), sliceSeconds());
        results.merge(endpoint.label(), slice, OpenLoopRun.Result::plus);
      }
    }
    closeAll(clients);
    return results;
  }

  private int rounds() {
    return Math.min(options.rounds(), options.durationSeconds());
  }

  private int sliceSeconds() {
    return options.durationSeconds() / rounds();
  }

  /** {@code endpoints} starting at index {@code round}, wrapping around. */
  static <T> List<T> rotated(List<T> endpoints, int round) {
    List<T> order = new ArrayList<>(endpoints.size());
    for (int i = 0; i < endpoints.size(); i++) {
      order.add(endpoints.get((round + i) % endpoints.size()));
    }
    return order;
  }

  private static void closeAll(Map<String, LoadClient> clients) {
    clients.values().forEach(client -> client.close().toCompletableFuture().join());
  }

  /** Enough connections that the pool is not what limits an open-loop run at a few ms each. */
  private static final int OPEN_LOOP_CONNECTIONS = 512;

  private static TextTable latencyTable() {
    return new TextTable(
        "path", "timed", "failed", "unfinished", "p50", "p90", "p99", "p99.9", "max");
  }

  private static void latencyRow(
      TextTable table, String label, Histogram histogram, OpenLoopRun.Result result) {
    LatencySummary summary = LatencySummary.of(histogram);
    table.row(
        label,
        String.format("%,d", summary.count()),
        result.failed().describe(),
        Long.toString(result.unfinished()),
        LatencySummary.millis(summary.p50()),
        LatencySummary.millis(summary.p90()),
        LatencySummary.millis(summary.p99()),
        LatencySummary.millis(summary.p999()),
        LatencySummary.millis(summary.max()));
  }

  private static void addedRows(
      TextTable table,
      Map<String, OpenLoopRun.Result> results,
      Function<OpenLoopRun.Result, Histogram> measured) {
    Function<OpenLoopRun.Result, LatencySummary> measure =
        result -> LatencySummary.of(measured.apply(result));
    OpenLoopRun.Result direct = results.get(Target.DIRECT.label());
    if (direct == null) {
      return;
    }
    results.forEach(
        (label, result) -> {
          if (label.equals(Target.DIRECT.label())) {
            return;
          }
          if (measure.apply(result).count() == 0 || measure.apply(direct).count() == 0) {
            table.row("added by " + label, "", "", "", "n/a", "n/a", "n/a", "n/a", "");
          } else {
            LatencySummary added = measure.apply(result).minus(measure.apply(direct));
            table.row(
                "added by " + label,
                "",
                "",
                "",
                LatencySummary.millis(added.p50()),
                LatencySummary.millis(added.p90()),
                LatencySummary.millis(added.p99()),
                LatencySummary.millis(added.p999()),
                "");
          }
        });
  }

  /**
   * The paths measured: direct and nginx always stream (they cannot aggregate); codex-lb is
   * measured aggregating ({@code stream: false}) when {@code withAggregated}, and streaming.
   */
  private List<Endpoint> endpoints(boolean withAggregated) {
    List<Endpoint> endpoints = new ArrayList<>();
    if (options.targets().contains(Target.DIRECT)) {
      endpoints.add(backendEndpoint(Target.DIRECT.label(), backend.baseUrl()));
    }
    if (options.targets().contains(Target.NGINX)) {
      endpoints.add(backendEndpoint(Target.NGINX.label(), nginx.url() + "/backend-api"));
    }
    if (options.targets().contains(Target.CODEX_LB)) {
      if (withAggregated) {
        endpoints.add(codexLbEndpoint(false));
      }
      endpoints.add(codexLbEndpoint(true));
    }
    if (options.targets().contains(Target.CODEX_LB_CHAT)) {
      if (withAggregated) {
        endpoints.add(chatEndpoint(false));
      }
      endpoints.add(chatEndpoint(true));
    }
    return endpoints;
  }

  private static Endpoint backendEndpoint(String label, String base) {
    return new Endpoint(
        label,
        base + "/codex/responses",
        Map.of(
            "content-type", "application/json",
            "accept", "text/event-stream",
            "chatgpt-account-id", CodexLbChild.ACCOUNT_PREFIX + 1,
            "authorization", "Bearer load-access-1"),
        Endpoint.responsesBody(true));
  }

  private Endpoint codexLbEndpoint(boolean stream) {
    return proxyEndpoint(Target.CODEX_LB, "/v1/responses", stream, Endpoint.responsesBody(stream));
  }

  private Endpoint chatEndpoint(boolean stream) {
    return proxyEndpoint(
        Target.CODEX_LB_CHAT, "/v1/chat/completions", stream, Endpoint.chatBody(stream));
  }

  /** A request to codex-lb with the harness's key. */
  private Endpoint proxyEndpoint(Target target, String path, boolean stream, String body) {
    return new Endpoint(
        target.label() + (stream ? " stream:true" : " stream:false"),
        codexLb.url() + path,
        Map.of(
            "content-type",
            "application/json",
            "accept",
            stream ? "text/event-stream" : "application/json",
            "authorization",
            "Bearer " + codexLb.apiKey()),
        body);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** The answer streamed in the time-to-first-byte phase: long enough that its end is apart. */
  private static final class StreamShape {
    static final int DELTAS = 4;
    static final int DELAY_MILLIS = 5;

    private StreamShape() {}
  }
}
