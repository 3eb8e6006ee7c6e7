package io.codexlb.bootstrap;

import static java.util.Objects.requireNonNull;

import io.codexlb.bootstrap.cli.Console;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import sun.misc.Signal;

/**
 * Starts codex-lb again in a JVM with the options {@link JvmDefaults} chooses, and stays as its
 * launcher: the same {@code java} binary, the chosen options, then this process's own command line
 * unchanged (the user's JVM options, {@code -jar} or the main class, codex-lb's arguments), the
 * same standard streams, the same environment plus {@link JvmDefaults#LAUNCHER_PID_VARIABLE}.
 *
 * <p>The launcher only relays: SIGTERM and SIGINT are passed to the child as SIGTERM (both drain),
 * and the launcher exits with the child's exit code once the child has exited, 128 plus the signal
 * for a child ended by a signal, as a shell reports it. If the launcher itself is killed, the child
 * sees it and drains ({@link #drainWhenLauncherExits}).
 *
 * <p>Nothing here may load Vert.x, Netty or the logging: this JVM stays resident as long as the
 * server, so it is kept to the JDK's classes.
 */
public final class Relaunch {

  private Relaunch() {}

  /**
   * Runs codex-lb in a child JVM when {@link JvmDefaults} chooses options for this launch, and
   * returns its exit code once it has exited; empty when codex-lb should run in this JVM (no
   * options chosen, or this process's command line cannot be read, or the child cannot be started:
   * said on standard error).
   */
  public static OptionalInt runIfChosen(
      String[] args, Map<String, String> environment, Console console) {
    requireNonNull(args, "args");
    requireNonNull(environment, "environment");
    requireNonNull(console, "console");
    Optional<List<String>> options =
        JvmDefaults.choose(
            List.of(args),
            ManagementFactory.getRuntimeMXBean().getInputArguments(),
            environment,
            physicalMemoryBytes());
    if (options.isEmpty()) {
      return OptionalInt.empty();
    }
    ProcessHandle.Info self = ProcessHandle.current().info();
    Optional<String> java = self.command();
    Optional<List<String>> arguments = ownArguments(self);
    if (java.isEmpty() || arguments.isEmpty()) {
      console
          .err()
          .println(
              "codex-lb: cannot read this process's command line; running with the JVM's own defaults"
                  + " (set "
                  + JvmDefaults.OPT_OUT_VARIABLE
                  + "=off to skip this check)");
      return OptionalInt.empty();
    }
    List<String> command = new ArrayList<>();
    command.add(java.get());
    command.addAll(options.get());
    command.addAll(arguments.get());
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder
        .environment()
        .put(JvmDefaults.LAUNCHER_PID_VARIABLE, Long.toString(ProcessHandle.current().pid()));
    Process child;
    try {
      child = builder.start();
    } catch (IOException e) {
      console
          .err()
          .println(
              "codex-lb: cannot start a JVM with codex-lb's options ("
                  + e.getMessage()
                  + "); running with the JVM's own defaults");
      return OptionalInt.empty();
    }
    // Handlers replace the JVM's own, which would exit this process (143, 130) while the child
    // still drains; a service manager would take that for the end of the service.
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> child.destroy());
    }
    return OptionalInt.of(awaitExit(child));
  }

  /** Waits for the child however often this thread is interrupted; returns its exit code. */
  private static int awaitExit(Process child) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return child.waitFor();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * In the launched child: runs {@code drain} once the launcher is gone (killed with SIGKILL, say),
   * so that no orphan keeps the ports; nothing when this process was not launched by one.
   */
  public static void drainWhenLauncherExits(
      Map<String, String> environment, Console console, Runnable drain) {
    requireNonNull(drain, "drain");
    String pid = environment.get(JvmDefaults.LAUNCHER_PID_VARIABLE);
    if (pid == null) {
      return;
    }
    long launcher;
    try {
      launcher = Long.parseLong(pid.trim());
    } catch (NumberFormatException e) {
      console
          .err()
          .println(
              "codex-lb: ignoring "
                  + JvmDefaults.LAUNCHER_PID_VARIABLE
                  + "="
                  + pid
                  + ": not a pid");
      return;
    }
    // The JDK watches a process that is not our child from its own daemon thread.
    ProcessHandle.of(launcher)
        .map(ProcessHandle::onExit)
        .ifPresentOrElse(exit -> exit.thenRun(drain), drain);
  }

  /**
   * This process's arguments after the {@code java} command, as they were given. Linux's {@code
   * /proc/self/cmdline} first: {@link ProcessHandle.Info#arguments()} is empty for a command line
   * longer than a page, as a long class path makes it.
   */
  private static Optional<List<String>> ownArguments(ProcessHandle.Info self) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
      String text = new String(raw, StandardCharsets.UTF_8);
      if (text.endsWith("\0")) {
        text = text.substring(0, text.length() - 1);
      }
      List<String> argv = List.of(text.split("\0", -1));
      if (argv.size() > 1) {
        return Optional.of(argv.subList(1, argv.size()));
      }
    } catch (IOException | UnsupportedOperationException notLinux) {
      // The JDK's view below.
    }
    return self.arguments().map(List::of);
  }

  /** The memory of the machine, or of the container when it has a limit. */
  private static long physicalMemoryBytes() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    // The JVM's default heap is a quarter of the memory it sees.
    return Runtime.getRuntime().maxMemory() * 4;
  }
}
