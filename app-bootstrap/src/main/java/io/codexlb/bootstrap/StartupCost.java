package io.codexlb.bootstrap;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * What start-up cost the process until its listeners were up: the wall time since the JVM was
 * launched and the CPU time its threads used, as the {@code listening} line reports them. Either is
 * empty where the operating system does not tell it ({@link ProcessHandle.Info}).
 *
 * @param wall from the process's launch until now
 * @param cpu the user and system CPU time of all the process's threads so far
 */
record StartupCost(Optional<Duration> wall, Optional<Duration> cpu) {

  StartupCost {
    requireNonNull(wall, "wall");
    requireNonNull(cpu, "cpu");
  }

  /** This process's cost so far, at {@code now}. */
  static StartupCost ofThisProcess(Instant now) {
    requireNonNull(now, "now");
    ProcessHandle.Info info = ProcessHandle.current().info();
    Optional<Duration> wall =
        info.startInstant().map(start -> Duration.between(start, now)).filter(d -> !d.isNegative());
    return new StartupCost(wall, info.totalCpuDuration());
  }

  /**
   * For the log line: {@code " (started in 1,204 ms, 2,310 ms of CPU)"}, what is known of it, or
   * nothing when neither is.
   */
  String describe() {
    StringBuilder text = new StringBuilder();
    wall.ifPresent(d -> text.append(String.format(Locale.ROOT, "started in %,d ms", d.toMillis())));
    cpu.ifPresent(
        d ->
            text.append(text.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%,d ms of CPU", d.toMillis())));
    return text.length() == 0 ? "" : " (" + text + ")";
  }
}
