package io.codexlb.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.bootstrap.config.Setting;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.port.in.CreateApiKeyCommand;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

  @Test
  void helpListsTheCommands() {
    String usage = ((Invocation.Help) CommandLineParser.parse("--help")).usage();

    assertThat(usage).contains("accounts").contains("keys");
  }

  @Test
  void accountsImportTakesTheFileAndFlagsOnEitherSide() {
    Invocation invocation =
        CommandLineParser.parse(
            "--data-dir", "/srv/lb", "accounts", "import", "auth.json", "--log-level=WARN");

    assertThat(invocation)
        .isEqualTo(
            new Invocation.Admin(
                Map.of(Setting.DATA_DIR, "/srv/lb", Setting.LOG_LEVEL, "WARN"),
                new AdminCommand.ImportAccount(Path.of("auth.json"))));
  }

  @Test
  void theListCommandsAreRecognised() {
    assertThat(CommandLineParser.parse("accounts", "list"))
        .isEqualTo(new Invocation.Admin(Map.of(), new AdminCommand.ListAccounts()));
    assertThat(CommandLineParser.parse("keys", "list"))
        .isEqualTo(new Invocation.Admin(Map.of(), new AdminCommand.ListKeys()));
  }

  @Test
  void keysCreateReadsEveryOption() {
    Invocation invocation =
        CommandLineParser.parse(
            "keys",
            "create",
            "--name",
            "ci",
            "--allowed-models",
            "b-model, a-model",
            "--allowed-models=c-model",
            "--expires-at",
            "2027-01-31T12:00:00+01:00",
            "--limit",
            "total_tokens:daily:1000000",
            "--limit",
            "COST_USD:5h:0");

    assertThat(invocation)
        .isEqualTo(
            new Invocation.Admin(
                Map.of(),
                new AdminCommand.CreateKey(
                    "ci",
                    new LinkedHashSet<>(List.of("b-model", "a-model", "c-model")),
                    Optional.of(Instant.parse("2027-01-31T11:00:00Z")),
                    List.of(
                        new CreateApiKeyCommand.Limit(
                            LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 1_000_000),
                        new CreateApiKeyCommand.Limit(
                            LimitType.COST_USD, LimitWindow.FIVE_HOURS, 0)))));
    AdminCommand.CreateKey create =
        (AdminCommand.CreateKey) ((Invocation.Admin) invocation).command();
    assertThat(create.allowedModels()).containsExactly("b-model", "a-model", "c-model");
  }

  @Test
  void keysCreateWithoutOptionsHasNoExpiryModelsOrLimits() {
    assertThat(CommandLineParser.parse("keys", "create", "--name", "ci"))
        .isEqualTo(
            new Invocation.Admin(
                Map.of(), new AdminCommand.CreateKey("ci", Set.of(), Optional.empty(), List.of())));
  }

  @Test
  void anExpiryDateMeansItsFirstInstantInUtc() {
    AdminCommand.CreateKey create =
        (AdminCommand.CreateKey)
            ((Invocation.Admin)
                    CommandLineParser.parse(
                        "keys", "create", "--name", "ci", "--expires-at", "2027-01-31"))
                .command();

    assertThat(create.expiresAt()).contains(Instant.parse("2027-01-31T00:00:00Z"));
  }

  @Test
  void badKeyValuesAreOneLineUsageErrorsPointingAtTheCommandsHelp() {
    assertCreateKeyError(
        "--limit: type 'tokens' in 'tokens:daily:5' (expected: one of total_tokens, input_tokens,"
            + " output_tokens, cost_usd, requests)",
        "--limit",
        "tokens:daily:5");
    assertCreateKeyError(
        "--limit: window 'fortnight' in 'requests:fortnight:5' (expected: one of minute, hourly,"
            + " 5h, daily, weekly, monthly)",
        "--limit",
        "requests:fortnight:5");
    assertCreateKeyError(
        "--limit: max 'lots' in 'requests:daily:lots' (expected: a whole number >= 0)",
        "--limit",
        "requests:daily:lots");
    assertCreateKeyError(
        "--limit: max '-1' in 'requests:daily:-1' (expected: a whole number >= 0)",
        "--limit",
        "requests:daily:-1");
    assertCreateKeyError(
        "--limit: 'requests:daily' (expected: TYPE:WINDOW:MAX, e.g. total_tokens:daily:1000000)",
        "--limit",
        "requests:daily");
    assertCreateKeyError(
        "--expires-at: 'tomorrow' (expected: an ISO-8601 instant such as 2027-01-31T12:00:00Z,"
            + " a date-time with offset, or a date)",
        "--expires-at",
        "tomorrow");
  }

  @Test
  void missingPartsOfACommandAreUsageErrors() {
    assertThat(usageError("keys", "create")).contains("--name").contains("keys create --help");
    assertThat(usageError("accounts", "import")).contains("<auth.json>");
    assertThat(usageError("accounts"))
        .isEqualTo(
            "accounts: no command given (expected: import, login, list, pause, reactivate or delete)"
                + " (see: java -jar codex-lb.jar accounts --help)");
    assertThat(usageError("keys"))
        .contains("create, list, update, disable, enable, reset-usage or delete");
    assertThat(usageError("accounts", "remove")).contains("remove");
    assertThat(usageError("keys", "disable")).contains("<id>");
  }

  @Test
  void aCommandsHelpDescribesItsOptions() {
    Invocation invocation = CommandLineParser.parse("keys", "create", "--help");

    assertThat(invocation).isInstanceOf(Invocation.Help.class);
    assertThat(((Invocation.Help) invocation).usage())
        .contains("--name")
        .contains("--limit")
        .contains("total_tokens")
        .contains("--data-dir");
  }

  /** {@code keys create --name x} with the given options is refused with this message. */
  private static void assertCreateKeyError(String expected, String option, String value) {
    assertThat(usageError("keys", "create", "--name", "x", option, value))
        .isEqualTo(expected + " (see: java -jar codex-lb.jar keys create --help)");
  }

  private static String usageError(String... args) {
    Invocation invocation = CommandLineParser.parse(args);
    assertThat(invocation).isInstanceOf(Invocation.UsageError.class);
    String message = ((Invocation.UsageError) invocation).message();
    assertThat(message).doesNotContain("\n");
    return message;
  }
}
