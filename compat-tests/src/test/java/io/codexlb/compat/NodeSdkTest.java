package io.codexlb.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rule that finds node and the OpenAI Node SDK, and when their absence skips or fails. */
class NodeSdkTest {

  private static final Path NODE = Path.of("/usr/bin/node");
  private static final Path CUSTOM = Path.of("/somewhere/node_modules");
  private static final Map<String, String> PATH = Map.of("PATH", "/opt/none:/usr/bin");

  private static Path openAi(Path modules) {
    return modules.resolve("openai").resolve("package.json");
  }

  @Test
  void nodeFromThePathAndTheCiInstallAreUsedByDefault() {
    NodeSdk.Outcome outcome =
        NodeSdk.resolve(
            PATH, Set.of(NODE)::contains, Set.of(openAi(NodeSdk.DEFAULT_MODULES))::contains);

    assertThat(outcome).isEqualTo(new NodeSdk.Outcome(NODE, NodeSdk.DEFAULT_MODULES, null, false));
  }

  @Test
  void theVariableWinsOverTheDefaultInstall() {
    NodeSdk.Outcome outcome =
        NodeSdk.resolve(
            Map.of("PATH", "/usr/bin", NodeSdk.MODULES_VARIABLE, " " + CUSTOM + " "),
            Set.of(NODE)::contains,
            Set.of(openAi(CUSTOM), openAi(NodeSdk.DEFAULT_MODULES))::contains);

    assertThat(outcome.modules()).isEqualTo(CUSTOM);
  }

  @Test
  void aVariableNamingNoOpenAiFailsEvenWhenNotRequired() {
    NodeSdk.Outcome outcome =
        NodeSdk.resolve(
            Map.of("PATH", "/usr/bin", NodeSdk.MODULES_VARIABLE, CUSTOM.toString()),
            Set.of(NODE)::contains,
            Set.of(openAi(NodeSdk.DEFAULT_MODULES))::contains);

    assertThat(outcome.node()).isNull();
    assertThat(outcome.fail()).isTrue();
    assertThat(outcome.problem())
        .isEqualTo(
            "CODEX_LB_TEST_NODE_MODULES: /somewhere/node_modules"
                + " (expected: a node_modules directory holding openai)");
  }

  @Test
  void noNodeSkipsWithAReasonThatSaysHowToRunIt() {
    NodeSdk.Outcome outcome =
        NodeSdk.resolve(PATH, path -> false, Set.of(openAi(NodeSdk.DEFAULT_MODULES))::contains);

    assertThat(outcome.node()).isNull();
    assertThat(outcome.fail()).isFalse();
    assertThat(outcome.problem())
        .startsWith("OpenAI Node SDK test skipped: there is no node on PATH")
        .contains("npm install --prefix /opt/codex-lb-ci openai")
        .contains("CODEX_LB_TEST_REQUIRE_CODEX_CLI=true");
  }

  @ParameterizedTest(name = "node there: {0}, openai there: {1}")
  @CsvSource({
    "true, false, /opt/codex-lb-ci/node_modules holds no openai",
    "false, true, there is no node on PATH"
  })
  void aMissingNodeOrSdkFailsWhenRequired(boolean nodeThere, boolean sdkThere, String missing) {
    NodeSdk.Outcome outcome =
        NodeSdk.resolve(
            Map.of("PATH", "/usr/bin", CodexCli.REQUIRE_VARIABLE, "true"),
            path -> nodeThere && path.equals(NODE),
            path -> sdkThere && path.equals(openAi(NodeSdk.DEFAULT_MODULES)));

    assertThat(outcome.node()).isNull();
    assertThat(outcome.fail()).isTrue();
    assertThat(outcome.problem())
        .startsWith("The OpenAI Node SDK is required (CODEX_LB_TEST_REQUIRE_CODEX_CLI=true) but")
        .contains(missing);
  }
}
