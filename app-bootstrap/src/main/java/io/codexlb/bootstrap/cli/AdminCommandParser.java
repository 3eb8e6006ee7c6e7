package io.codexlb.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.port.in.CreateApiKeyCommand;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.ParseResult;

/**
 * Turns what picocli matched for a provisioning command into an {@link AdminCommand}, checking the
 * form of each value (a date, a limit) so that a typo is a usage error before anything is opened.
 */
final class AdminCommandParser {

  static final String ACCOUNTS = "accounts";
  static final String KEYS = "keys";
  static final String IMPORT = "import";
  static final String LIST = "list";
  static final String CREATE = "create";
  static final String NAME = "--name";
  static final String ALLOWED_MODELS = "--allowed-models";
  static final String EXPIRES_AT = "--expires-at";
  static final String LIMIT = "--limit";
  static final String ADMIN = "admin";
  static final String RESET_PASSWORD = "reset-password";
  static final String PASSWORD_STDIN = "--password-stdin";
  static final String SETTINGS = "settings";
  static final String SHOW = "show";
  static final String SET = "set";

  private AdminCommandParser() {}

  /** The command, or the one-line reason it cannot be run. */
  sealed interface Outcome {

    /** The command is well-formed. */
    record Parsed(AdminCommand command) implements Outcome {
      public Parsed {
        requireNonNull(command, "command");
      }
    }

    /** It is not: a usage error. */
    record Invalid(String message) implements Outcome {
      public Invalid {
        requireNonNull(message, "message");
      }
    }
  }

  /** Reads the matched (deepest) command. */
  static Outcome parse(ParseResult command) {
    String name = command.commandSpec().name();
    String parent = command.commandSpec().parent().name();
    if (name.equals(ACCOUNTS)) {
      return missingCommand(ACCOUNTS, IMPORT + " or " + LIST);
    }
    if (name.equals(KEYS)) {
      return missingCommand(KEYS, CREATE + " or " + LIST);
    }
    if (name.equals(ADMIN)) {
      return missingCommand(ADMIN, RESET_PASSWORD);
    }
    if (parent.equals(ADMIN) && name.equals(RESET_PASSWORD)) {
      return new Outcome.Parsed(
          new AdminCommand.ResetPassword(command.hasMatchedOption(PASSWORD_STDIN)));
    }
    if (name.equals(SETTINGS)) {
      return missingCommand(SETTINGS, SHOW + " or " + SET);
    }
    if (parent.equals(SETTINGS) && name.equals(SHOW)) {
      return new Outcome.Parsed(new AdminCommand.ShowSettings());
    }
    if (parent.equals(SETTINGS) && name.equals(SET)) {
      return setSettings(command.matchedPositionalValue(0, new String[0]));
    }
    if (parent.equals(ACCOUNTS) && name.equals(IMPORT)) {
      return importAccount(command.matchedPositionalValue(0, ""));
    }
    if (parent.equals(ACCOUNTS) && name.equals(LIST)) {
      return new Outcome.Parsed(new AdminCommand.ListAccounts());
    }
    if (parent.equals(KEYS) && name.equals(CREATE)) {
      return createKey(command);
    }
    if (parent.equals(KEYS) && name.equals(LIST)) {
      return new Outcome.Parsed(new AdminCommand.ListKeys());
    }
    throw new IllegalStateException("command " + parent + " " + name + " has no parser");
  }

  private static Outcome missingCommand(String group, String expected) {
    return new Outcome.Invalid(group + ": no command given (expected: " + expected + ")");
  }

  private static Outcome setSettings(String[] pairs) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : pairs) {
      int equals = pair.indexOf('=');
      if (equals < 1) {
        return new Outcome.Invalid(
            "'" + pair + "' (expected: name=value, such as sticky_threads_enabled=false)");
      }
      String name = pair.substring(0, equals);
      if (!SettingsCommands.NAMES.contains(name)) {
        return new Outcome.Invalid(
            name
                + ": not a setting (expected: one of "
                + String.join(", ", SettingsCommands.NAMES)
                + ")");
      }
      if (values.put(name, pair.substring(equals + 1)) != null) {
        return new Outcome.Invalid(name + ": given twice");
      }
    }
    return new Outcome.Parsed(new AdminCommand.SetSettings(values));
  }

  private static Outcome importAccount(String file) {
    try {
      return new Outcome.Parsed(new AdminCommand.ImportAccount(Path.of(file)));
    } catch (InvalidPathException e) {
      return new Outcome.Invalid("<auth.json>: '" + file + "' (expected: a file path)");
    }
  }

  private static Outcome createKey(ParseResult command) {
    Set<String> models = new LinkedHashSet<>();
    for (String model : command.matchedOptionValue(ALLOWED_MODELS, new String[0])) {
      if (!model.isBlank()) {
        models.add(model.strip());
      }
    }
    Optional<Instant> expiresAt = Optional.empty();
    if (command.hasMatchedOption(EXPIRES_AT)) {
      String text = command.matchedOptionValue(EXPIRES_AT, "");
      expiresAt = instant(text);
      if (expiresAt.isEmpty()) {
        return new Outcome.Invalid(
            EXPIRES_AT
                + ": '"
                + text
                + "' (expected: an ISO-8601 instant such as 2027-01-31T12:00:00Z, a date-time"
                + " with offset, or a date)");
      }
    }
    List<CreateApiKeyCommand.Limit> limits = new ArrayList<>();
    for (String text : command.matchedOptionValue(LIMIT, new String[0])) {
      Optional<Outcome.Invalid> invalid = addLimit(text, limits);
      if (invalid.isPresent()) {
        return invalid.get();
      }
    }
    return new Outcome.Parsed(
        new AdminCommand.CreateKey(
            command.matchedOptionValue(NAME, ""), models, expiresAt, limits));
  }

  /** An instant, a date-time with offset, or a date read as its first instant in UTC. */
  private static Optional<Instant> instant(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException notADateTime) {
      try {
        return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  /** Adds the limit {@code type:window:max} to {@code limits}, or says what is wrong with it. */
  private static Optional<Outcome.Invalid> addLimit(
      String text, List<CreateApiKeyCommand.Limit> limits) {
    String[] parts = text.split(":", -1);
    if (parts.length != 3) {
      return Optional.of(
          new Outcome.Invalid(
              LIMIT
                  + ": '"
                  + text
                  + "' (expected: TYPE:WINDOW:MAX, e.g. total_tokens:daily:1000000)"));
    }
    Optional<LimitType> type = LimitType.fromWireName(parts[0].strip().toLowerCase(Locale.ROOT));
    if (type.isEmpty()) {
      return badPart("type", parts[0], text, "one of " + limitTypes());
    }
    Optional<LimitWindow> window =
        LimitWindow.fromWireName(parts[1].strip().toLowerCase(Locale.ROOT));
    if (window.isEmpty()) {
      return badPart("window", parts[1], text, "one of " + limitWindows());
    }
    long max;
    try {
      max = Long.parseLong(parts[2].strip());
    } catch (NumberFormatException e) {
      max = -1;
    }
    if (max < 0) {
      return badPart("max", parts[2], text, "a whole number >= 0");
    }
    limits.add(new CreateApiKeyCommand.Limit(type.get(), window.get(), max));
    return Optional.empty();
  }

  private static Optional<Outcome.Invalid> badPart(
      String part, String value, String text, String expected) {
    return Optional.of(
        new Outcome.Invalid(
            LIMIT
                + ": "
                + part
                + " '"
                + value
                + "' in '"
                + text
                + "' (expected: "
                + expected
                + ")"));
  }

  static String limitTypes() {
    return wireNames(Arrays.stream(LimitType.values()).map(LimitType::wireName));
  }

  static String limitWindows() {
    return wireNames(Arrays.stream(LimitWindow.values()).map(LimitWindow::wireName));
  }

  private static String wireNames(Stream<String> names) {
    return names.collect(Collectors.joining(", "));
  }
}
