package io.codexlb.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads the memory of a process from Linux's {@code /proc/<pid>/status}: {@code VmRSS} (resident
 * now) and {@code VmHWM} (the most it has been resident).
 */
final class ProcStatus {

  private ProcStatus() {}

  /**
   * The resident set of process {@code pid} in kibibytes, or empty when it cannot be read (no such
   * process, not Linux).
   */
  static OptionalLong residentKib(long pid) {
    return field(pid, "VmRSS");
  }

  /** The peak resident set of process {@code pid} in kibibytes, or empty. */
  static OptionalLong peakResidentKib(long pid) {
    return field(pid, "VmHWM");
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
