package io.codexlb.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.bootstrap.config.Setting;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineParserTest {

  @Test
  void flagsAreCollectedBySetting() {
    Invocation invocation =
        CommandLineParser.parse("--port", "8080", "--dashboard-port=8081", "--log-level", "DEBUG");

    assertThat(invocation)
        .isEqualTo(
            new Invocation.Serve(
                Map.of(
                    Setting.PORT, "8080",
                    Setting.DASHBOARD_PORT, "8081",
                    Setting.LOG_LEVEL, "DEBUG")));
  }

  @Test
  void noArgumentsServesWithDefaults() {
    assertThat(CommandLineParser.parse()).isEqualTo(new Invocation.Serve(Map.of()));
  }

  @Test
  void helpListsEveryFlagWithItsVariable() {
    Invocation invocation = CommandLineParser.parse("--help");

    assertThat(invocation).isInstanceOf(Invocation.Help.class);
    String usage = ((Invocation.Help) invocation).usage();
    for (Setting setting : Setting.values()) {
      assertThat(usage).contains(setting.flag()).contains(setting.environmentVariable());
    }
  }

  @Test
  void versionIsRecognised() {
    assertThat(CommandLineParser.parse("--version")).isInstanceOf(Invocation.Version.class);
  }

  @Test
  void unknownFlagIsAOneLineUsageError() {
    Invocation invocation = CommandLineParser.parse("--prot", "8080");

    assertThat(invocation).isInstanceOf(Invocation.UsageError.class);
    String message = ((Invocation.UsageError) invocation).message();
    assertThat(message).contains("--prot").contains("--help").doesNotContain("\n");
  }

  @Test
  void flagWithoutValueIsAUsageError() {
    assertThat(CommandLineParser.parse("--port")).isInstanceOf(Invocation.UsageError.class);
  }
}
