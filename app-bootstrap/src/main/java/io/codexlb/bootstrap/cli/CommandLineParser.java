package io.codexlb.bootstrap.cli;

import io.codexlb.bootstrap.config.Setting;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Parses the arguments of {@code codex-lb.jar}. The flags are generated from {@link Setting}, so a
 * setting cannot exist without its flag and its line in {@code --help}.
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
      return new Invocation.UsageError(
          firstLine(e.getMessage()) + " (see: java -jar codex-lb.jar --help)");
    }
    if (result.isUsageHelpRequested()) {
      return new Invocation.Help(commandLine.getUsageMessage(CommandLine.Help.Ansi.OFF));
    }
    if (result.isVersionHelpRequested()) {
      return new Invocation.Version();
    }
    Map<Setting, String> flags = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      if (result.hasMatchedOption(setting.flag())) {
        flags.put(setting, result.matchedOptionValue(setting.flag(), ""));
      }
    }
    return new Invocation.Serve(flags);
  }

  private static CommandSpec spec() {
    CommandSpec spec = CommandSpec.create().name(NAME);
    spec.usageMessage()
        .description(
            "Pools ChatGPT (Codex) accounts behind one OpenAI-compatible API.",
            "Each flag overrides its environment variable; unset settings take their default.")
        .sortOptions(false);
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
    spec.addOption(
        OptionSpec.builder("-h", "--help")
            .usageHelp(true)
            .description("Show this help and exit.")
            .build());
    spec.addOption(
        OptionSpec.builder("-V", "--version")
            .versionHelp(true)
            .description("Print the version and exit.")
            .build());
    return spec;
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }
}
