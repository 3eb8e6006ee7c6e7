package io.codexlb.compat;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The OpenAI Node SDK (npm {@code openai}) and the {@code node} that runs it, found by the rule
 * {@link CodexCli} follows for the tools a test needs:
 *
 * <ol>
 *   <li>{@code node} from {@code PATH};
 *   <li>the {@code node_modules} directory that holds {@code openai} from {@value
 *       #MODULES_VARIABLE} when set (it must hold {@code openai}), else {@link #DEFAULT_MODULES},
 *       where {@code .ci/run} installs it;
 *   <li>when either is missing and {@value CodexCli#REQUIRE_VARIABLE}{@code =true} (CI sets it),
 *       the calling test fails;
 *   <li>else the calling test is skipped, with a reason that says how to enable it.
 * </ol>
 */
final class NodeSdk {

  /** Names the {@code node_modules} directory that holds the {@code openai} package. */
  static final String MODULES_VARIABLE = "CODEX_LB_TEST_NODE_MODULES";

  /** Where {@code .ci/run} installs {@code openai}. */
  static final Path DEFAULT_MODULES = Path.of("/opt/codex-lb-ci/node_modules");

  private static final String INSTALL =
      "npm install --prefix /opt/codex-lb-ci openai (the version .ci/run names)";

  private final Path node;
  private final Path modules;

  private NodeSdk(Path node, Path modules) {
    this.node = requireNonNull(node, "node");
    this.modules = requireNonNull(modules, "modules");
  }

  /**
   * The Node SDK of this machine. Skips the calling test (JUnit assumption) when there is none, or
   * fails it when {@value CodexCli#REQUIRE_VARIABLE} is {@code true} or {@value #MODULES_VARIABLE}
   * names a directory without {@code openai}.
   */
  static NodeSdk get() {
    Outcome outcome = resolve(System.getenv(), Files::isExecutable, Files::isRegularFile);
    if (outcome.node() != null) {
      return new NodeSdk(outcome.node(), outcome.modules());
    }
    // Surefire shows no reason for a class skipped in @BeforeAll: say it where a developer looks.
    System.err.println("[NodeSdk] " + outcome.problem());
    if (outcome.fail()) {
      return Assertions.fail(outcome.problem());
    }
    return Assumptions.abort(outcome.problem());
  }

  /** What {@link #get()} answers: node and the modules, or why not and whether that is fatal. */
  record Outcome(Path node, Path modules, String problem, boolean fail) {}

  static Outcome resolve(
      Map<String, String> environment, Predicate<Path> executable, Predicate<Path> file) {
    String named = environment.get(MODULES_VARIABLE);
    boolean isNamed = named != null && !named.isBlank();
    Path modules = isNamed ? Path.of(named.strip()) : DEFAULT_MODULES;
    boolean hasOpenAi = file.test(modules.resolve("openai").resolve("package.json"));
    if (isNamed && !hasOpenAi) {
      return new Outcome(
          null,
          null,
          MODULES_VARIABLE
              + ": "
              + modules
              + " (expected: a node_modules directory holding openai)",
          true);
    }
    Optional<Path> node = onPath(environment.getOrDefault("PATH", ""), executable);
    if (node.isPresent() && hasOpenAi) {
      return new Outcome(node.get(), modules, null, false);
    }
    String missing =
        node.isEmpty()
            ? "there is no node on PATH"
            : MODULES_VARIABLE + " is not set and " + DEFAULT_MODULES + " holds no openai";
    if ("true".equalsIgnoreCase(environment.getOrDefault(CodexCli.REQUIRE_VARIABLE, ""))) {
      return new Outcome(
          null,
          null,
          "The OpenAI Node SDK is required ("
              + CodexCli.REQUIRE_VARIABLE
              + "=true) but "
              + missing
              + ". Install Node.js and run "
              + INSTALL
              + ", or set "
              + MODULES_VARIABLE
              + ".",
          true);
    }
    return new Outcome(
        null,
        null,
        "OpenAI Node SDK test skipped: "
            + missing
            + ". To run it: install Node.js and run "
            + INSTALL
            + ", or set "
            + MODULES_VARIABLE
            + " to a node_modules holding openai; set "
            + CodexCli.REQUIRE_VARIABLE
            + "=true to make a missing one fail the build.",
        false);
  }

  private static Optional<Path> onPath(String path, Predicate<Path> executable) {
    return Stream.of(path.split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(entry -> Path.of(entry, "node"))
        .filter(executable)
        .findFirst();
  }

  /**
   * Runs {@code source} as a CommonJS script with {@code node}, from {@code workDir}, where it is
   * written; {@code require("openai")} finds the SDK through {@code NODE_PATH}. The process gets
   * only {@code environment}, {@code PATH} and {@code NODE_PATH}, no standard input, and at most
   * {@code timeout}.
   */
  ChildProcess.Result run(
      Path workDir, String source, Map<String, String> environment, Duration timeout)
      throws IOException, InterruptedException {
    Path script = Files.createTempFile(workDir, "sdk-", ".cjs");
    Files.writeString(script, source, StandardCharsets.UTF_8);
    Map<String, String> withModules = new HashMap<>(environment);
    withModules.put("NODE_PATH", modules.toString());
    return ChildProcess.run(
        List.of(node.toString(), script.toString()), workDir, withModules, timeout);
  }
}
