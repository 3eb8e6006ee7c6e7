package io.codexlb.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were measured on, printed above them. */
final class Machine {

  private Machine() {}

  /** Processors, CPU model, JVM, OS and load average, as a few lines. */
  static String describe() {
    return String.format(
        "Machine: %d processors (%s), %s %s, %s %s%nLoad average at the start: %s%n",
        Runtime.getRuntime().availableProcessors(),
        cpuModel(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        loadAverage());
  }

  /** The three load averages of {@code /proc/loadavg}, or "unknown". */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "unknown";
    } catch (IOException notLinux) {
      return "unknown";
    }
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException notLinux) {
      // Fall through to "unknown".
    }
    return "unknown CPU";
  }
}
