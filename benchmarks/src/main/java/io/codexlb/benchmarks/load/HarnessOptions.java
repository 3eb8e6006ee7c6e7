package io.codexlb.benchmarks.load;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one run of the {@link LoadHarness} measures and how hard.
 *
 * @param rate requests per second of the open-loop phases (latency, time to first byte)
 * @param durationSeconds measured seconds per target and phase
 * @param rounds how many slices the measured seconds are cut into, the paths taking turns
 * @param jitWarmUpSeconds discarded seconds of closed-loop load per path before the first phase, so
 *     that every JVM has compiled its hot path before anything is measured
 * @param warmUpSeconds discarded seconds before each measurement
 * @param connections connections of the closed-loop throughput phase
 * @param requests when above 0, the throughput phase measures this many requests per path instead
 *     of {@code durationSeconds} (a fixed count: the proxy's CPU and allocation per request do not
 *     then depend on how fast a loaded machine lets it serve)
 * @param streams streams held open at once in the memory phase
 * @param streamOpenRate streams opened per second in the memory phase
 * @param accounts accounts provisioned in codex-lb
 * @param accountStreamLimit codex-lb's per-account concurrency cap ({@code account_stream_limit})
 * @param targets the paths compared
 * @param phases the phases run, in {@link Phase} order
 * @param lbJar the shaded codex-lb jar
 * @param lbJavaOptions JVM options for the codex-lb child, separated by spaces
 * @param lbLogLevel codex-lb's {@code --log-level}: {@code WARN} logs no line per request, {@code
 *     INFO} (the default users get) an access-log line per request
 * @param lbFlightRecording whether codex-lb runs with a JFR profiling recording, written to the
 *     temporary directory when it stops (the directory is then kept)
 * @param keepTemp whether the temporary directory (logs, configuration) is kept for inspection
 */
record HarnessOptions(
    int rate,
    int durationSeconds,
    int rounds,
    int jitWarmUpSeconds,
    int warmUpSeconds,
    int connections,
    int requests,
    int streams,
    int streamOpenRate,
    int accounts,
    int accountStreamLimit,
    Set<Target> targets,
    Set<Phase> phases,
    Path lbJar,
    List<String> lbJavaOptions,
    String lbLogLevel,
    boolean lbFlightRecording,
    boolean keepTemp) {

  /** The paths a request can take to the backend. */
  enum Target {
    /** Straight to the fake backend. */
    DIRECT("direct"),
    /** Through nginx, a plain reverse proxy. */
    NGINX("nginx"),
    /** Through codex-lb. */
    CODEX_LB("codex-lb"),
    /** Through codex-lb's Chat Completions route (the same answer, translated both ways). */
    CODEX_LB_CHAT("codex-lb-chat");

    private final String label;

    Target(String label) {
      this.label = label;
    }

    /** The name on the command line and in the tables. */
    String label() {
      return label;
    }
  }

  /** The measurements, in the order they run. */
  enum Phase {
    /**
     * Closed loop on {@code connections} connections through nginx, then through a codex-lb started
     * for it, in the 5 s from 3 s after its launch: what a user sees in the first seconds.
     */
    STARTUP,
    /** Open loop at {@code rate}: full response time of a one-delta answer. */
    LATENCY,
    /** Closed loop on {@code connections} connections: requests per second. */
    THROUGHPUT,
    /** Open loop at {@code rate}, streaming: time to the first byte of the body. */
    TTFB,
    /** {@code streams} streams held open through codex-lb: its resident memory. */
    MEMORY;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final String USAGE =
      String.join(
          "\n",
          "usage: java -cp benchmarks/target/benchmarks.jar io.codexlb.benchmarks.load.LoadHarness"
              + " [options]",
          "  --rate N              open-loop requests per second (1000)",
          "  --duration S          measured seconds per path and phase (30)",
          "  --rounds N            slices of those seconds, the paths taking turns (3)",
          "  --jit-warmup S        discarded closed-loop seconds per path before everything (30)",
          "  --warmup S            discarded warm-up seconds before each measurement (10)",
          "  --connections N       closed-loop connections for throughput (64)",
          "  --requests N          throughput: measure N requests per path instead of --duration,"
              + " and print codex-lb's CPU and allocation per request (off)",
          "  --streams N           streams held open in the memory phase (10000)",
          "  --stream-open-rate N  streams opened per second in the memory phase (2000)",
          "  --accounts N          accounts provisioned in codex-lb (10)",
          "  --account-stream-limit N  codex-lb's requests in flight per account (1000)",
          "  --targets LIST        of direct,nginx,codex-lb,codex-lb-chat (all)",
          "  --phases LIST         of startup,latency,throughput,ttfb,memory (all but startup)",
          "  --lb-jar PATH         the codex-lb jar (app-bootstrap/target/codex-lb.jar)",
          "  --lb-java-options S   JVM options of the codex-lb process, space-separated (none)",
          "  --lb-log-level L      codex-lb's --log-level: WARN (no line per request) or INFO"
              + " (an access-log line per request, as users run it) (WARN)",
          "  --lb-jfr              profile codex-lb with JFR into DIR/codex-lb.jfr (keeps DIR)",
          "  --keep-temp           keep the temporary directory DIR with the children's logs");

  HarnessOptions {
    requireNonNull(targets, "targets");
    requireNonNull(phases, "phases");
    requireNonNull(lbJar, "lbJar");
    requireNonNull(lbJavaOptions, "lbJavaOptions");
    requireNonNull(lbLogLevel, "lbLogLevel");
    // EnumSets iterate in declaration order, which is the order phases and targets run in.
    targets = Collections.unmodifiableSet(copy(targets, Target.class));
    phases = Collections.unmodifiableSet(copy(phases, Phase.class));
    lbJavaOptions = List.copyOf(lbJavaOptions);
  }

  private static <E extends Enum<E>> EnumSet<E> copy(Set<E> values, Class<E> type) {
    EnumSet<E> copy = EnumSet.noneOf(type);
    copy.addAll(values);
    return copy;
  }

  /** The defaults: every target and phase at the rates the targets name. */
  static HarnessOptions defaults() {
    return new HarnessOptions(
        1000,
        30,
        3,
        30,
        10,
        64,
        0,
        10_000,
        2000,
        10,
        1000,
        EnumSet.allOf(Target.class),
        EnumSet.complementOf(EnumSet.of(Phase.STARTUP)),
        Path.of("app-bootstrap", "target", "codex-lb.jar"),
        List.of(),
        "WARN",
        false,
        false);
  }

  /** The outcome of reading the command line. */
  sealed interface Parsed {

    /** Options to run with. */
    record Run(HarnessOptions options) implements Parsed {}

    /** {@code --help}: print {@link #USAGE}. */
    record Help() implements Parsed {}

    /** A usage error, with its one-line reason. */
    record Invalid(String message) implements Parsed {}
  }

  /** Reads {@code args} over {@link #defaults()}. */
  static Parsed parse(List<String> args) {
    Builder options = new Builder(defaults());
    for (int i = 0; i < args.size(); i++) {
      String name = args.get(i);
      if (name.equals("--help") || name.equals("-h")) {
        return new Parsed.Help();
      }
      if (name.equals("--keep-temp")) {
        options.keepTemp = true;
        continue;
      }
      if (name.equals("--lb-jfr")) {
        options.lbFlightRecording = true;
        continue;
      }
      if (i + 1 >= args.size()) {
        return new Parsed.Invalid(name + ": no value (expected: an option and its value)");
      }
      String value = args.get(++i);
      String problem = options.set(name, value);
      if (problem != null) {
        return new Parsed.Invalid(problem);
      }
    }
    return new Parsed.Run(options.build());
  }

  /** Mutable while parsing; each setter returns the problem, or null. */
  private static final class Builder {
    int rate;
    int duration;
    int rounds;
    int jitWarmUp;
    int warmUp;
    int connections;
    int requests;
    int streams;
    int streamOpenRate;
    int accounts;
    int accountStreamLimit;
    Set<Target> targets;
    Set<Phase> phases;
    Path lbJar;
    List<String> lbJavaOptions;
    String lbLogLevel;
    boolean lbFlightRecording;
    boolean keepTemp;

    Builder(HarnessOptions from) {
      rate = from.rate;
      duration = from.durationSeconds;
      rounds = from.rounds;
      jitWarmUp = from.jitWarmUpSeconds;
      warmUp = from.warmUpSeconds;
      connections = from.connections;
      requests = from.requests;
      streams = from.streams;
      streamOpenRate = from.streamOpenRate;
      accounts = from.accounts;
      accountStreamLimit = from.accountStreamLimit;
      targets = from.targets;
      phases = from.phases;
      lbJar = from.lbJar;
      lbJavaOptions = from.lbJavaOptions;
      lbLogLevel = from.lbLogLevel;
      lbFlightRecording = from.lbFlightRecording;
      keepTemp = from.keepTemp;
    }

    String set(String name, String value) {
      switch (name) {
        case "--rate" -> rate = positive(name, value);
        case "--duration" -> duration = positive(name, seconds(value));
        case "--rounds" -> rounds = positive(name, value);
        case "--jit-warmup" -> jitWarmUp = atLeastZero(name, seconds(value));
        case "--warmup" -> warmUp = atLeastZero(name, seconds(value));
        case "--connections" -> connections = positive(name, value);
        case "--requests" -> requests = positive(name, value);
        case "--streams" -> streams = positive(name, value);
        case "--stream-open-rate" -> streamOpenRate = positive(name, value);
        case "--accounts" -> accounts = positive(name, value);
        case "--account-stream-limit" -> accountStreamLimit = positive(name, value);
        case "--targets" -> targets = targets(value);
        case "--phases" -> phases = phases(value);
        case "--lb-jar" -> lbJar = Path.of(value);
        case "--lb-java-options" -> lbJavaOptions = words(value);
        case "--lb-log-level" -> lbLogLevel = value.trim().toUpperCase(Locale.ROOT);
        default -> {
          return name + ": unknown option (expected: an option listed by --help)";
        }
      }
      return problem;
    }

    private String problem;

    private int positive(String name, String value) {
      int number = number(name, value, "a whole number > 0");
      if (problem == null && number <= 0) {
        problem = name + ": " + value + " (expected: a whole number > 0)";
      }
      return number;
    }

    private int atLeastZero(String name, String value) {
      int number = number(name, value, "a whole number >= 0");
      if (problem == null && number < 0) {
        problem = name + ": " + value + " (expected: a whole number >= 0)";
      }
      return number;
    }

    private int number(String name, String value, String expected) {
      try {
        return Integer.parseInt(value.trim());
      } catch (NumberFormatException notANumber) {
        problem = name + ": " + value + " (expected: " + expected + ")";
        return 0;
      }
    }

    private static String seconds(String value) {
      return value.endsWith("s") ? value.substring(0, value.length() - 1) : value;
    }

    private Set<Target> targets(String value) {
      Set<Target> chosen = EnumSet.noneOf(Target.class);
      for (String label : value.split(",", -1)) {
        Target match = null;
        for (Target target : Target.values()) {
          if (target.label().equals(label.trim())) {
            match = target;
          }
        }
        if (match == null) {
          problem =
              "--targets: "
                  + value
                  + " (expected: a list of direct, nginx, codex-lb, codex-lb-chat)";
          return targets;
        }
        chosen.add(match);
      }
      return chosen;
    }

    private Set<Phase> phases(String value) {
      Set<Phase> chosen = EnumSet.noneOf(Phase.class);
      for (String label : value.split(",", -1)) {
        Phase match = null;
        for (Phase phase : Phase.values()) {
          if (phase.label().equals(label.trim())) {
            match = phase;
          }
        }
        if (match == null) {
          problem =
              "--phases: "
                  + value
                  + " (expected: a list of startup, latency, throughput, ttfb, memory)";
          return phases;
        }
        chosen.add(match);
      }
      return chosen;
    }

    private static List<String> words(String value) {
      List<String> words = new ArrayList<>();
      for (String word : value.trim().split("\\s+")) {
        if (!word.isEmpty()) {
          words.add(word);
        }
      }
      return words;
    }

    HarnessOptions build() {
      return new HarnessOptions(
          rate,
          duration,
          rounds,
          jitWarmUp,
          warmUp,
          connections,
          requests,
          streams,
          streamOpenRate,
          accounts,
          accountStreamLimit,
          targets,
          phases,
          lbJar,
          lbJavaOptions,
          lbLogLevel,
          lbFlightRecording,
          keepTemp || lbFlightRecording);
    }
  }
}
