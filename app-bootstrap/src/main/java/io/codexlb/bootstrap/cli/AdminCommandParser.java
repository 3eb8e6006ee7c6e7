package io.codexlb.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKeyId;
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
  static final String LOGIN = "login";
  static final String DEVICE = "--device";
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
  static final String UPDATE = "update";
  static final String DISABLE = "disable";
  static final String ENABLE = "enable";
  static final String DELETE = "delete";
  static final String RESET_USAGE = "reset-usage";
  static final String PAUSE = "pause";
  static final String REACTIVATE = "reactivate";
  static final String NO_EXPIRY = "--no-expiry";

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
      return missingCommand(
          ACCOUNTS, String.join(", ", IMPORT, LOGIN, LIST, PAUSE, REACTIVATE) + " or " + DELETE);
    }
    if (name.equals(KEYS)) {
      return missingCommand(
          KEYS,
          String.join(", ", CREATE, LIST, UPDATE, DISABLE, ENABLE, RESET_USAGE) + " or " + DELETE);
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
    if (parent.equals(ACCOUNTS) && name.equals(LOGIN)) {
      return new Outcome.Parsed(new AdminCommand.Login(command.hasMatchedOption(DEVICE)));
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
    if (parent.equals(KEYS) && name.equals(UPDATE)) {
      return updateKey(command);
    }
    if (parent.equals(KEYS)) {
      AdminCommand.KeyChange change =
          switch (name) {
            case DISABLE -> AdminCommand.KeyChange.DISABLE;
            case ENABLE -> AdminCommand.KeyChange.ENABLE;
            case DELETE -> AdminCommand.KeyChange.DELETE;
            case RESET_USAGE -> AdminCommand.KeyChange.RESET_USAGE;
            default -> throw new IllegalStateException("command keys " + name + " has no parser");
          };
      String id = command.matchedPositionalValue(0, "");
      return keyId(id)
          .<Outcome>map(key -> new Outcome.Parsed(new AdminCommand.ChangeKey(key, change)))
          .orElseGet(() -> badId(id));
    }
    if (parent.equals(ACCOUNTS)) {
      AdminCommand.AccountChange change =
          switch (name) {
            case PAUSE -> AdminCommand.AccountChange.PAUSE;
            case REACTIVATE -> AdminCommand.AccountChange.REACTIVATE;
            case DELETE -> AdminCommand.AccountChange.DELETE;
            default ->
                throw new IllegalStateException("command accounts " + name + " has no parser");
          };
      String id = command.matchedPositionalValue(0, "");
      Optional<AccountId> account = accountId(id);
      if (account.isEmpty()) {
        return badId(id);
      }
      return new Outcome.Parsed(new AdminCommand.ChangeAccount(account.get(), change));
    }
    throw new IllegalStateException("command " + parent + " " + name + " has no parser");
  }

  private static Optional<ApiKeyId> keyId(String id) {
    try {
      return Optional.of(new ApiKeyId(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<AccountId> accountId(String id) {
    try {
      return Optional.of(new AccountId(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Outcome badId(String id) {
    return new Outcome.Invalid(
        "<id>: '" + id + "' (expected: an id as the list command prints it, not blank)");
  }

  private static Outcome updateKey(ParseResult command) {
    String id = command.matchedPositionalValue(0, "");
    Optional<ApiKeyId> key = keyId(id);
    if (key.isEmpty()) {
      return badId(id);
    }
    Optional<String> name =
        command.hasMatchedOption(NAME)
            ? Optional.of(command.matchedOptionValue(NAME, ""))
            : Optional.empty();
    Optional<Set<String>> models = Optional.empty();
    if (command.hasMatchedOption(ALLOWED_MODELS)) {
      models = Optional.of(models(command));
    }
    if (command.hasMatchedOption(EXPIRES_AT) && command.hasMatchedOption(NO_EXPIRY)) {
      return new Outcome.Invalid(EXPIRES_AT + " and " + NO_EXPIRY + ": give one or the other");
    }
    Optional<Optional<Instant>> expiresAt = Optional.empty();
    if (command.hasMatchedOption(NO_EXPIRY)) {
      expiresAt = Optional.of(Optional.empty());
    } else if (command.hasMatchedOption(EXPIRES_AT)) {
      String text = command.matchedOptionValue(EXPIRES_AT, "");
      Optional<Instant> instant = instant(text);
      if (instant.isEmpty()) {
        return badExpiry(text);
      }
      expiresAt = Optional.of(instant);
    }
    Optional<List<CreateApiKeyCommand.Limit>> limits = Optional.empty();
    if (command.hasMatchedOption(LIMIT)) {
      List<CreateApiKeyCommand.Limit> given = new ArrayList<>();
      for (String text : command.matchedOptionValue(LIMIT, new String[0])) {
        Optional<Outcome.Invalid> invalid = addLimit(text, given);
        if (invalid.isPresent()) {
          return invalid.get();
        }
      }
      limits = Optional.of(given);
    }
    if (name.isEmpty() && models.isEmpty() && expiresAt.isEmpty() && limits.isEmpty()) {
      return new Outcome.Invalid(
          "keys update: nothing to change (expected: one or more of "
              + String.join(", ", NAME, ALLOWED_MODELS, EXPIRES_AT, NO_EXPIRY, LIMIT)
              + ")");
    }
    return new Outcome.Parsed(
        new AdminCommand.UpdateKey(key.get(), name, models, expiresAt, limits));
  }

  private static Set<String> models(ParseResult command) {
    Set<String> models = new LinkedHashSet<>();
    for (String model : command.matchedOptionValue(ALLOWED_MODELS, new String[0])) {
      if (!model.isBlank()) {
        models.add(model.strip());
      }
    }
    return models;
  }

  private static Outcome.Invalid badExpiry(String text) {
    return new Outcome.Invalid(
        EXPIRES_AT
            + ": '"
            + text
            + "' (expected: an ISO-8601 instant such as 2027-01-31T12:00:00Z, a date-time"
            + " with offset, or a date)");
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
    Set<String> models = models(command);
    Optional<Instant> expiresAt = Optional.empty();
    if (command.hasMatchedOption(EXPIRES_AT)) {
      String text = command.matchedOptionValue(EXPIRES_AT, "");
      expiresAt = instant(text);
      if (expiresAt.isEmpty()) {
        return badExpiry(text);
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
