package io.codexlb.bootstrap;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JVM options codex-lb chooses for itself when it is started to serve and the user chose no
 * heap or collector option (docs/operations.md, "JVM options codex-lb chooses"). The JVM's own
 * defaults size the heap from the machine (a quarter of its memory) and let G1 keep old garbage
 * until a fraction of that heap is full, so the resident memory of an idle or lightly loaded
 * gateway follows the machine's size rather than what it holds. These options can only be given
 * when a JVM starts, so {@link Relaunch} starts a second JVM with them.
 *
 * <p>The rule is pure (arguments in, options out) so that every branch has a unit test.
 */
public final class JvmDefaults {

  /** Set to {@code off} to run in the JVM the user started, with the JVM's own defaults. */
  public static final String OPT_OUT_VARIABLE = "CODEX_LB_JVM_DEFAULTS";

  /**
   * Set by the launcher in the child's environment: the launcher's process id. A process that has
   * it never launches again, and drains when that process is gone.
   */
  public static final String LAUNCHER_PID_VARIABLE = "CODEX_LB_LAUNCHER_PID";

  /** The environment variables through which the JVM reads options besides its command line. */
  static final List<String> JVM_OPTION_VARIABLES =
      List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

  static final long MIB = 1024L * 1024;

  /**
   * The most heap chosen, so that both JVMs together stay near 512 MB resident with 10,000 open
   * streams (docs/benchmarks.md, issue 19): about 18 KiB of live heap per stream once Netty's queue
   * chunks are small, so 10,000 streams hold about 220 MB. More streams need {@code -Xmx} set.
   */
  static final long MAX_HEAP_CAP = 288 * MIB;

  /** The least heap chosen, so that a tiny machine or container can still start the server. */
  static final long MIN_HEAP = 64 * MIB;

  /**
   * Netty's chunk of its unbounded task queues, in elements (Netty's default: 1,024, a 4 KiB array
   * per connection through Vert.x's outbound queue); 10,000 connections held 30 MB of them.
   */
  static final int MPSC_CHUNK_SIZE = 128;

  /** Flags whose presence means the user chose heap sizing or the collector. */
  private static final List<String> MEMORY_OPTION_PREFIXES =
      List.of("-Xmx", "-Xms", "-XX:MaxRAM", "-XX:InitialRAM", "-XX:MinRAM");

  private static final Set<String> NON_SERVING_FLAGS = Set.of("-h", "--help", "-V", "--version");

  private JvmDefaults() {}

  /**
   * The options to relaunch with, or empty when codex-lb should run in this JVM as it is: the
   * command line is not the server's, the user chose memory options, opted out, or this process is
   * already the launched one.
   *
   * @param programArgs codex-lb's own arguments
   * @param jvmArgs this JVM's options ({@code RuntimeMXBean.getInputArguments()}, which includes
   *     those of the environment variables)
   * @param environment this process's environment
   * @param physicalMemoryBytes the memory of the machine or container
   */
  public static Optional<List<String>> choose(
      List<String> programArgs,
      List<String> jvmArgs,
      Map<String, String> environment,
      long physicalMemoryBytes) {
    requireNonNull(programArgs, "programArgs");
    requireNonNull(jvmArgs, "jvmArgs");
    requireNonNull(environment, "environment");
    if (environment.containsKey(LAUNCHER_PID_VARIABLE)
        || "off".equalsIgnoreCase(environment.getOrDefault(OPT_OUT_VARIABLE, "").trim())
        || !serves(programArgs)
        || userChoseMemory(jvmArgs, environment)) {
      return Optional.empty();
    }
    return Optional.of(options(physicalMemoryBytes));
  }

  /**
   * The chosen options for a machine with this much memory: a heap of a quarter of it (the JVM's
   * own share) capped at {@link #MAX_HEAP_CAP}, started small and given back when unused.
   */
  static List<String> options(long physicalMemoryBytes) {
    long heap = Math.max(MIN_HEAP, Math.min(MAX_HEAP_CAP, physicalMemoryBytes / 4));
    heap = heap / MIB * MIB;
    List<String> options = new ArrayList<>();
    options.add("-Xms16m");
    options.add("-Xmx" + heap / MIB + "m");
    // Shrink the heap after a collection when more than 30 % of it is free; grow it only when less
    // than 10 % is: the committed heap stays close to what is live.
    options.add("-XX:MinHeapFreeRatio=10");
    options.add("-XX:MaxHeapFreeRatio=30");
    // G1 collects an idle process every minute, so that memory is given back after a burst.
    options.add("-XX:G1PeriodicGCInterval=60000");
    // A gateway out of heap fails requests at random; exiting lets its supervisor start afresh.
    options.add("-XX:+ExitOnOutOfMemoryError");
    options.add("-Dio.netty.mpscChunkSize=" + MPSC_CHUNK_SIZE);
    return List.copyOf(options);
  }

  /**
   * Whether the arguments start the server rather than print help or the version, or run a
   * provisioning command. Every flag of the server takes one value ({@code --port 2455} or {@code
   * --port=2455}); a word that is not a flag's value is a command's name.
   */
  static boolean serves(List<String> programArgs) {
    for (int i = 0; i < programArgs.size(); i++) {
      String arg = programArgs.get(i);
      if (NON_SERVING_FLAGS.contains(arg) || !arg.startsWith("-")) {
        return false;
      }
      if (!arg.contains("=")) {
        i++; // its value
      }
    }
    return true;
  }

  /**
   * Whether the user set a heap size, a RAM figure the JVM sizes the heap from, or a collector, on
   * the command line or in one of {@link #JVM_OPTION_VARIABLES}.
   */
  static boolean userChoseMemory(List<String> jvmArgs, Map<String, String> environment) {
    for (String arg : jvmArgs) {
      if (isMemoryOption(arg)) {
        return true;
      }
    }
    for (String variable : JVM_OPTION_VARIABLES) {
      String value = environment.get(variable);
      if (value == null) {
        continue;
      }
      for (String arg : value.trim().split("\\s+")) {
        if (isMemoryOption(arg)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isMemoryOption(String arg) {
    for (String prefix : MEMORY_OPTION_PREFIXES) {
      if (arg.startsWith(prefix)) {
        return true;
      }
    }
    if (!arg.startsWith("-XX:")) {
      return false;
    }
    String flag = arg.substring("-XX:".length());
    if (flag.startsWith("+") || flag.startsWith("-")) {
      flag = flag.substring(1);
    }
    String name = flag.split("=", 2)[0].toLowerCase(Locale.ROOT);
    return name.contains("heapsize")
        || name.contains("ramfraction")
        || name.contains("rampercentage")
        || (name.startsWith("use") && name.endsWith("gc"));
  }
}
