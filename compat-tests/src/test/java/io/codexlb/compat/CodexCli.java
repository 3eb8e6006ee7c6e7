package io.codexlb.compat;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The Codex CLI binary the tests run, found by the project's rule for tools a test needs:
 *
 * <ol>
 *   <li>{@value #BIN_VARIABLE} when set (it must name an executable file);
 *   <li>else {@link #DEFAULT_BIN}, where {@code .ci/run} installs it;
 *   <li>else, when {@value #REQUIRE_VARIABLE}{@code =true} (CI sets it), the calling test fails;
 *   <li>else the calling test is skipped, with a reason that says how to enable it.
 * </ol>
 */
final class CodexCli {

  /** Names the {@code codex} executable to run. */
  static final String BIN_VARIABLE = "CODEX_LB_TEST_CODEX_BIN";

  /** When {@code true}, a missing binary fails the test instead of skipping it. */
  static final String REQUIRE_VARIABLE = "CODEX_LB_TEST_REQUIRE_CODEX_CLI";

  /** Where {@code .ci/run} installs {@code @openai/codex}. */
  static final Path DEFAULT_BIN = Path.of("/opt/codex-lb-ci/node_modules/.bin/codex");

  private static final String INSTALL =
      "npm install --prefix /opt/codex-lb-ci @openai/codex (the version .ci/run names)";

  private final Path binary;

  private CodexCli(Path binary) {
    this.binary = requireNonNull(binary, "binary");
  }

  /**
   * The binary of this machine. Skips the calling test (JUnit assumption) when there is none, or
   * fails it when {@value #REQUIRE_VARIABLE} is {@code true} or {@value #BIN_VARIABLE} names no
   * executable.
   */
  static CodexCli get() {
    Outcome outcome = resolve(System.getenv(), Files::isExecutable);
    if (outcome.binary() != null) {
      return new CodexCli(outcome.binary());
    }
    // Surefire shows no reason for a class skipped in @BeforeAll: say it where a developer looks.
    System.err.println("[CodexCli] " + outcome.problem());
    if (outcome.fail()) {
      return Assertions.fail(outcome.problem());
    }
    return Assumptions.abort(outcome.problem());
  }

  /** What {@link #get()} answers: a binary, or why there is none and whether that is fatal. */
  record Outcome(Path binary, String problem, boolean fail) {}

  static Outcome resolve(Map<String, String> environment, Predicate<Path> executable) {
    String named = environment.get(BIN_VARIABLE);
    if (named != null && !named.isBlank()) {
      Path path = Path.of(named.strip());
      return executable.test(path)
          ? new Outcome(path, null, false)
          : new Outcome(
              null, BIN_VARIABLE + ": " + path + " (expected: an executable codex binary)", true);
    }
    if (executable.test(DEFAULT_BIN)) {
      return new Outcome(DEFAULT_BIN, null, false);
    }
    String missing = BIN_VARIABLE + " is not set and " + DEFAULT_BIN + " is not there";
    if ("true".equalsIgnoreCase(environment.getOrDefault(REQUIRE_VARIABLE, ""))) {
      return new Outcome(
          null,
          "Codex CLI is required ("
              + REQUIRE_VARIABLE
              + "=true) but there is none: "
              + missing
              + ". Run "
              + INSTALL
              + " or set "
              + BIN_VARIABLE
              + ".",
          true);
    }
    return new Outcome(
        null,
        "Codex CLI test skipped: "
            + missing
            + ". To run it: "
            + INSTALL
            + ", or set "
            + BIN_VARIABLE
            + " to a codex binary; set "
            + REQUIRE_VARIABLE
            + "=true to make a missing binary fail the build.",
        false);
  }

  /** The binary's path. */
  Path binary() {
    return binary;
  }

  /**
   * Runs {@code codex args...} in {@code workDir} with only {@code environment} (plus {@code PATH},
   * which the npm launcher needs to find {@code node}) and no standard input, waiting at most
   * {@code timeout}.
   */
  ChildProcess.Result run(
      Path workDir, Map<String, String> environment, Duration timeout, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    return ChildProcess.run(command, workDir, environment, timeout);
  }
}
