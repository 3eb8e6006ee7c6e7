package io.codexlb.compat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A client program a test runs to its end ({@code codex}, {@code node}): its output goes to files
 * in the test's directory, so that a chatty program never blocks on a full pipe.
 */
final class ChildProcess {

  private ChildProcess() {}

  /**
   * Runs {@code command} in {@code workDir} with only {@code environment} (plus {@code PATH}, which
   * npm launchers need to find {@code node}) and no standard input, waiting at most {@code
   * timeout}; past it the process and its descendants are killed.
   */
  static Result run(
      List<String> command, Path workDir, Map<String, String> environment, Duration timeout)
      throws IOException, InterruptedException {
    String name = Path.of(command.get(0)).getFileName().toString();
    Path stdout = Files.createTempFile(workDir, name + "-", ".out");
    Path stderr = Files.createTempFile(workDir, name + "-", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    // Only what the test chooses: no API key or proxy of the developer's shell leaks in.
    Map<String, String> processEnvironment = builder.environment();
    String path = processEnvironment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    processEnvironment.clear();
    processEnvironment.put("PATH", path);
    processEnvironment.putAll(environment);
    Process process = builder.start();
    // Codex reads a prompt from standard input when it is not a terminal: give it an empty one.
    process.getOutputStream().close();
    boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!exited) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
    return new Result(
        exited ? process.exitValue() : -1,
        exited,
        Files.readString(stdout, StandardCharsets.UTF_8),
        Files.readString(stderr, StandardCharsets.UTF_8));
  }

  /** How a run ended: the exit code ({@code -1} when it was killed after the timeout). */
  record Result(int exitCode, boolean exited, String stdout, String stderr) {

    /** Each non-blank line of the standard output, parsed as one JSON object. */
    List<JsonObject> jsonLines() {
      return stdout.lines().filter(line -> !line.isBlank()).map(JsonObject::new).toList();
    }

    /** Everything it printed, to explain a failed assertion. */
    String describe() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }
}
