package io.codexlb.bootstrap.cli;

import io.codexlb.bootstrap.config.Setting;
import io.codexlb.domain.health.Failures;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * Parses the arguments of {@code codex-lb.jar}: the server's flags, or one of the provisioning
 * commands ({@code accounts import|list}, {@code keys create|list}). The flags are generated from
 * {@link Setting}, so a setting cannot exist without its flag and its line in {@code --help}; the
 * commands accept them too (before or after the command's name), to point at a store.
 */
public final class CommandLineParser {

  private static final String NAME = "codex-lb";

  private CommandLineParser() {}

  /** Reads the arguments; never throws for a user's mistake. */
  public static Invocation parse(String... args) {
    CommandLine commandLine = new CommandLine(spec());
    ParseResult result;
    try {
      result = commandLine.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      return usageError(Failures.firstLine(e.getMessage()), e.getCommandLine().getCommandSpec());
    }
    List<ParseResult> chain = new ArrayList<>();
    for (ParseResult level = result; level != null; level = level.subcommand()) {
      chain.add(level);
    }
    for (ParseResult level : chain) {
      if (level.isUsageHelpRequested()) {
        return new Invocation.Help(
            level.commandSpec().commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF));
      }
    }
    if (result.isVersionHelpRequested()) {
      return new Invocation.Version();
    }
    Map<Setting, String> flags = new EnumMap<>(Setting.class);
    for (ParseResult level : chain) {
      collectFlags(level, flags);
    }
    ParseResult command = chain.get(chain.size() - 1);
    if (command == result) {
      return new Invocation.Serve(flags);
    }
    AdminCommandParser.Outcome outcome = AdminCommandParser.parse(command);
    if (outcome instanceof AdminCommandParser.Outcome.Invalid invalid) {
      return usageError(invalid.message(), command.commandSpec());
    }
    return new Invocation.Admin(flags, ((AdminCommandParser.Outcome.Parsed) outcome).command());
  }

  private static void collectFlags(ParseResult level, Map<Setting, String> flags) {
    for (Setting setting : Setting.values()) {
      if (level.hasMatchedOption(setting.flag())) {
        flags.put(setting, level.matchedOptionValue(setting.flag(), ""));
      }
    }
  }

  private static Invocation.UsageError usageError(String message, CommandSpec where) {
    return new Invocation.UsageError(
        message + " (see: java -jar codex-lb.jar " + subcommandPath(where) + "--help)");
  }

  /** {@code keys create } for that command, empty for the top level. */
  private static String subcommandPath(CommandSpec where) {
    String qualified = where.qualifiedName(" ");
    return qualified.equals(NAME) ? "" : qualified.substring(NAME.length() + 1) + " ";
  }

  private static CommandSpec spec() {
    CommandSpec spec = CommandSpec.create().name(NAME);
    spec.usageMessage()
        .description(
            "Pools ChatGPT (Codex) accounts behind one OpenAI-compatible API.",
            "Each flag overrides its environment variable; unset settings take their default.",
            "With a command, provisions the configured store instead of serving; run it while"
                + " the server is stopped, or restart the server afterwards.")
        .sortOptions(false);
    addSettingOptions(spec);
    addHelpOption(spec);
    spec.addOption(
        OptionSpec.builder("-V", "--version")
            .versionHelp(true)
            .description("Print the version and exit.")
            .build());
    spec.addSubcommand(AdminCommandParser.ACCOUNTS, new CommandLine(accountsSpec()));
    spec.addSubcommand(AdminCommandParser.KEYS, new CommandLine(keysSpec()));
    spec.addSubcommand(AdminCommandParser.ADMIN, new CommandLine(adminSpec()));
    spec.addSubcommand(AdminCommandParser.SETTINGS, new CommandLine(settingsSpec()));
    return spec;
  }

  private static CommandSpec adminSpec() {
    CommandSpec admin = group(AdminCommandParser.ADMIN, "The dashboard's administrator.");
    CommandSpec reset =
        command(
            AdminCommandParser.RESET_PASSWORD,
            "Sets the dashboard password (asked twice on the terminal, never echoed) and ends"
                + " every dashboard session; works while the server runs.");
    reset.addOption(
        OptionSpec.builder(AdminCommandParser.PASSWORD_STDIN)
            .description("Read the password from the first line of standard input instead.")
            .build());
    admin.addSubcommand(AdminCommandParser.RESET_PASSWORD, withSettings(reset));
    return admin;
  }

  private static CommandSpec accountsSpec() {
    CommandSpec accounts = group(AdminCommandParser.ACCOUNTS, "Pooled ChatGPT accounts.");
    CommandSpec importAccount =
        command(
            AdminCommandParser.IMPORT,
            "Adds the account of a Codex CLI login from its auth.json (~/.codex/auth.json after"
                + " `codex login`); an account already pooled gets the new tokens instead.");
    importAccount.addPositional(
        PositionalParamSpec.builder()
            .index("0")
            .arity("1")
            .required(true)
            .paramLabel("<auth.json>")
            .type(String.class)
            .description("The Codex CLI auth.json to import.")
            .build());
    accounts.addSubcommand(AdminCommandParser.IMPORT, withSettings(importAccount));
    CommandSpec login =
        command(
            AdminCommandParser.LOGIN,
            "Adds an account by logging in to ChatGPT: prints the URL to open (browser login,"
                + " redirected to the callback listener on CODEX_LB_OAUTH_CALLBACK_PORT) or, with"
                + " --device, a code to enter at OpenAI's device page; waits up to 15 minutes for"
                + " the login. An account already pooled gets the new tokens instead.");
    login.addOption(
        OptionSpec.builder(AdminCommandParser.DEVICE)
            .description(
                "Use the device code login (for a machine without a browser, or when the"
                    + " callback port is taken).")
            .build());
    accounts.addSubcommand(AdminCommandParser.LOGIN, withSettings(login));
    accounts.addSubcommand(
        AdminCommandParser.LIST,
        withSettings(
            command(
                AdminCommandParser.LIST,
                "Lists the accounts, one a line: id, email, plan, status.")));
    accounts.addSubcommand(
        AdminCommandParser.PAUSE,
        withId(
            command(
                AdminCommandParser.PAUSE,
                "Takes the account out of routing until it is reactivated; a running server"
                    + " stops routing to it within a second."),
            "account"));
    accounts.addSubcommand(
        AdminCommandParser.REACTIVATE,
        withId(
            command(
                AdminCommandParser.REACTIVATE,
                "Makes the account active again, ending any pause, limit or error backoff."),
            "account"));
    accounts.addSubcommand(
        AdminCommandParser.DELETE,
        withId(
            command(AdminCommandParser.DELETE, "Removes the account from the pool."), "account"));
    return accounts;
  }

  private static CommandSpec keysSpec() {
    CommandSpec keys = group(AdminCommandParser.KEYS, "API keys for clients of the proxy.");
    CommandSpec create =
        command(
            AdminCommandParser.CREATE,
            "Creates an API key and prints it, once, on a line of its own; the store keeps"
                + " only its hash.");
    create.addOption(
        OptionSpec.builder(AdminCommandParser.NAME)
            .paramLabel("<name>")
            .type(String.class)
            .required(true)
            .description("A label for the key.")
            .build());
    create.addOption(
        OptionSpec.builder(AdminCommandParser.ALLOWED_MODELS)
            .paramLabel("<model>")
            .type(String[].class)
            .splitRegex(",")
            .description("Models the key may use, comma-separated. Default: every model.")
            .build());
    create.addOption(
        OptionSpec.builder(AdminCommandParser.EXPIRES_AT)
            .paramLabel("<instant>")
            .type(String.class)
            .description(
                "When the key stops working: an ISO-8601 instant (2027-01-31T12:00:00Z),"
                    + " date-time with offset, or date (from its start, UTC). Default: never.")
            .build());
    create.addOption(
        OptionSpec.builder(AdminCommandParser.LIMIT)
            .paramLabel("<type:window:max>")
            .type(String[].class)
            .description(
                "A limit, repeatable. Types: "
                    + AdminCommandParser.limitTypes()
                    + ". Windows: "
                    + AdminCommandParser.limitWindows()
                    + ". Max: a whole number >= 0 (cost_usd in micro-dollars).")
            .build());
    keys.addSubcommand(AdminCommandParser.CREATE, withSettings(create));
    keys.addSubcommand(
        AdminCommandParser.LIST,
        withSettings(
            command(
                AdminCommandParser.LIST,
                "Lists the keys, one a line: id, name, prefix, active, expiry, models, limits;"
                    + " never a key or its hash.")));
    keys.addSubcommand(AdminCommandParser.UPDATE, withId(updateKeySpec(), "key"));
    keys.addSubcommand(
        AdminCommandParser.DISABLE,
        withId(
            command(
                AdminCommandParser.DISABLE,
                "Deactivates the key: a running server refuses it within a second."),
            "key"));
    keys.addSubcommand(
        AdminCommandParser.ENABLE,
        withId(command(AdminCommandParser.ENABLE, "Activates the key again."), "key"));
    keys.addSubcommand(
        AdminCommandParser.DELETE,
        withId(command(AdminCommandParser.DELETE, "Deletes the key and its limits."), "key"));
    keys.addSubcommand(
        AdminCommandParser.RESET_USAGE,
        withId(
            command(
                AdminCommandParser.RESET_USAGE, "Sets the count of every limit of the key to 0."),
            "key"));
    return keys;
  }

  private static CommandSpec updateKeySpec() {
    CommandSpec update =
        command(
            AdminCommandParser.UPDATE,
            "Changes the given fields of the key and keeps the others; every value is checked"
                + " before anything changes.");
    update.addOption(
        OptionSpec.builder(AdminCommandParser.NAME)
            .paramLabel("<name>")
            .type(String.class)
            .description("A new label.")
            .build());
    update.addOption(
        OptionSpec.builder(AdminCommandParser.ALLOWED_MODELS)
            .paramLabel("<model>")
            .type(String[].class)
            .splitRegex(",")
            .description("The models the key may use from now on; \"\" allows every model.")
            .build());
    update.addOption(
        OptionSpec.builder(AdminCommandParser.EXPIRES_AT)
            .paramLabel("<instant>")
            .type(String.class)
            .description("A new expiry, in the form keys create takes.")
            .build());
    update.addOption(
        OptionSpec.builder(AdminCommandParser.NO_EXPIRY)
            .description("The key never expires.")
            .build());
    update.addOption(
        OptionSpec.builder(AdminCommandParser.LIMIT)
            .paramLabel("<type:window:max>")
            .type(String[].class)
            .description(
                "The key's limits from now on, repeatable, as keys create takes them: a limit"
                    + " of the same type and window keeps its count, missing ones are removed.")
            .build());
    return update;
  }

  private static CommandSpec settingsSpec() {
    CommandSpec settings =
        group(AdminCommandParser.SETTINGS, "The routing settings, as GET/PUT /api/settings.");
    settings.addSubcommand(
        AdminCommandParser.SHOW,
        withSettings(
            command(
                AdminCommandParser.SHOW, "Prints the routing settings, one name=value a line.")));
    CommandSpec set =
        command(
            AdminCommandParser.SET,
            "Changes the named routing settings and keeps the others; a running server routes"
                + " with them within a second.");
    set.addPositional(
        PositionalParamSpec.builder()
            .index("0..*")
            .arity("1..*")
            .required(true)
            .paramLabel("<name=value>")
            .type(String[].class)
            .description("Settings: " + String.join(", ", SettingsCommands.NAMES) + ".")
            .build());
    settings.addSubcommand(AdminCommandParser.SET, withSettings(set));
    return settings;
  }

  /** A command that only groups others. */
  private static CommandSpec group(String name, String description) {
    CommandSpec spec = CommandSpec.create().name(name);
    spec.usageMessage().description(description);
    addHelpOption(spec);
    return spec;
  }

  /** A command that runs; {@link #withSettings} completes it once its own options are in. */
  private static CommandSpec command(String name, String description) {
    CommandSpec spec = CommandSpec.create().name(name);
    spec.usageMessage().description(description).sortOptions(false);
    addHelpOption(spec);
    return spec;
  }

  /** The positional {@code <id>} of the key or account, then the settings' flags. */
  private static CommandLine withId(CommandSpec spec, String what) {
    spec.addPositional(
        PositionalParamSpec.builder()
            .index("0")
            .arity("1")
            .required(true)
            .paramLabel("<id>")
            .type(String.class)
            .description("The " + what + "'s id, as the list command prints it.")
            .build());
    return withSettings(spec);
  }

  /** The settings' flags too, after the command's own options: they locate the store. */
  private static CommandLine withSettings(CommandSpec spec) {
    addSettingOptions(spec);
    return new CommandLine(spec);
  }

  private static void addSettingOptions(CommandSpec spec) {
    for (Setting setting : Setting.values()) {
      String defaultText = setting.defaultValue().isEmpty() ? "unset" : setting.defaultValue();
      spec.addOption(
          OptionSpec.builder(setting.flag())
              .paramLabel("<" + setting.flag().substring(2) + ">")
              .type(String.class)
              .description(
                  setting.description(),
                  "Env: " + setting.environmentVariable() + ". Default: " + defaultText + ".")
              .build());
    }
  }

  private static void addHelpOption(CommandSpec spec) {
    spec.addOption(
        OptionSpec.builder("-h", "--help")
            .usageHelp(true)
            .description("Show this help and exit.")
            .build());
  }
}
