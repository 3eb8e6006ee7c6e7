package io.codexlb.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/**
 * Reads the memory of a process from Linux's {@code /proc/<pid>/status}: {@code VmRSS} (resident
 * now) and {@code VmHWM} (the most it has been resident).
 */
final class ProcStatus {

  private ProcStatus() {}

  /**
   * The resident set of process {@code pid} and its descendants in kibibytes, or empty when {@code
   * pid} cannot be read (no such process, not Linux). Descendants count because that is what users
   * pay: codex-lb started with no JVM option is a launcher JVM and the server's JVM below it.
   */
  static OptionalLong residentKib(long pid) {
    return treeSum(pid, "VmRSS");
  }

  /**
   * The sum of the peak resident sets of process {@code pid} and of its descendants in kibibytes,
   * or empty; an upper bound of the tree's peak, each process's peak being at its own moment.
   */
  static OptionalLong peakResidentKib(long pid) {
    return treeSum(pid, "VmHWM");
  }

  private static OptionalLong treeSum(long pid, String name) {
    return treeSum(pid, each -> field(each, name));
  }

  /**
   * {@code read} of process {@code pid} plus that of each of its descendants; empty without pid.
   */
  private static OptionalLong treeSum(long pid, LongFunction<OptionalLong> read) {
    OptionalLong own = read.apply(pid);
    if (own.isEmpty()) {
      return own;
    }
    long total = own.getAsLong();
    for (ProcessHandle child :
        ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
      total += read.apply(child.pid()).orElse(0);
    }
    return OptionalLong.of(total);
  }

  /**
   * CPU time (user and system) that process {@code pid} and its descendants have used, in
   * nanoseconds, from {@code /proc/<pid>/stat} (clock ticks of 10 ms: Linux's {@code USER_HZ}), or
   * empty when the process cannot be read.
   */
  static OptionalLong cpuNanos(long pid) {
    return treeSum(pid, ProcStatus::cpuNanosOf);
  }

  private static OptionalLong cpuNanosOf(long pid) {
    try {
      return cpuNanos(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException gone) {
      return OptionalLong.empty();
    }
  }

  /** utime + stime of a {@code stat} line (fields 14 and 15), in nanoseconds, or empty. */
  static OptionalLong cpuNanos(String stat) {
    // The command name (field 2) is in parentheses and may hold spaces: count after its end.
    int end = stat.lastIndexOf(')');
    if (end < 0) {
      return OptionalLong.empty();
    }
    String[] fields = stat.substring(end + 1).trim().split("\\s+");
    if (fields.length < 13) {
      return OptionalLong.empty();
    }
    try {
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return OptionalLong.of(ticks * 10_000_000L);
    } catch (NumberFormatException notANumber) {
      return OptionalLong.empty();
    }
  }

  private static OptionalLong field(long pid, String name) {
    try {
      return kibibytes(Files.readString(Path.of("/proc", Long.toString(pid), "status")), name);
    } catch (IOException gone) {
      return OptionalLong.empty();
    }
  }

  /**
   * The value of a {@code Name: 12345 kB} line of {@code status}, in kibibytes, or empty when there
   * is no such line or it is not a number of kB.
   */
  static OptionalLong kibibytes(String status, String name) {
    String prefix = name + ":";
    for (String line : status.split("\n", -1)) {
      if (!line.startsWith(prefix)) {
        continue;
      }
      String[] parts = line.substring(prefix.length()).trim().split("\\s+");
      if (parts.length == 2 && parts[1].equals("kB") && parts[0].matches("[0-9]{1,18}")) {
        return OptionalLong.of(Long.parseLong(parts[0]));
      }
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  /**
   * The soft limit on open files from the text of {@code /proc/self/limits}, or empty when it is
   * missing or unlimited.
   */
  static OptionalLong openFilesLimit(String limits) {
    for (String line : limits.split("\n", -1)) {
      if (line.startsWith("Max open files")) {
        String[] parts = line.substring("Max open files".length()).trim().split("\\s+");
        if (parts.length >= 1 && parts[0].matches("[0-9]{1,18}")) {
          return OptionalLong.of(Long.parseLong(parts[0]));
        }
        return OptionalLong.empty();
      }
    }
    return OptionalLong.empty();
  }

  /** This process's soft limit on open files, which the children it starts inherit; or empty. */
  static OptionalLong openFilesLimit() {
    try {
      return openFilesLimit(Files.readString(Path.of("/proc/self/limits")));
    } catch (IOException notLinux) {
      return OptionalLong.empty();
    }
  }
}
