package io.codexlb.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rule that finds the Codex CLI binary, and when its absence skips or fails a test. */
class CodexCliTest {

  private static final Path CUSTOM = Path.of("/somewhere/bin/codex");

  @Test
  void theVariableWinsOverTheDefaultInstall() {
    CodexCli.Outcome outcome =
        CodexCli.resolve(
            Map.of(CodexCli.BIN_VARIABLE, " " + CUSTOM + " "),
            Set.of(CUSTOM, CodexCli.DEFAULT_BIN)::contains);

    assertThat(outcome).isEqualTo(new CodexCli.Outcome(CUSTOM, null, false));
  }

  @Test
  void aVariableNamingNoExecutableFailsEvenWhenNotRequired() {
    CodexCli.Outcome outcome =
        CodexCli.resolve(
            Map.of(CodexCli.BIN_VARIABLE, CUSTOM.toString()),
            Set.of(CodexCli.DEFAULT_BIN)::contains);

    assertThat(outcome.binary()).isNull();
    assertThat(outcome.fail()).isTrue();
    assertThat(outcome.problem())
        .isEqualTo(
            "CODEX_LB_TEST_CODEX_BIN: /somewhere/bin/codex (expected: an executable codex binary)");
  }

  @Test
  void withoutTheVariableTheCiInstallIsUsed() {
    CodexCli.Outcome outcome = CodexCli.resolve(Map.of(), Set.of(CodexCli.DEFAULT_BIN)::contains);

    assertThat(outcome.binary()).isEqualTo(CodexCli.DEFAULT_BIN);
  }

  @Test
  void nothingInstalledSkipsWithAReasonThatSaysHowToRunIt() {
    CodexCli.Outcome outcome = CodexCli.resolve(Map.of(), path -> false);

    assertThat(outcome.binary()).isNull();
    assertThat(outcome.fail()).isFalse();
    assertThat(outcome.problem())
        .startsWith("Codex CLI test skipped: CODEX_LB_TEST_CODEX_BIN is not set")
        .contains("npm install --prefix /opt/codex-lb-ci @openai/codex")
        .contains("CODEX_LB_TEST_REQUIRE_CODEX_CLI=true");
  }

  @Test
  void nothingInstalledFailsWhenRequired() {
    CodexCli.Outcome outcome =
        CodexCli.resolve(Map.of(CodexCli.REQUIRE_VARIABLE, "TRUE"), path -> false);

    assertThat(outcome.binary()).isNull();
    assertThat(outcome.fail()).isTrue();
    assertThat(outcome.problem())
        .startsWith("Codex CLI is required (CODEX_LB_TEST_REQUIRE_CODEX_CLI=true)");
  }
}
