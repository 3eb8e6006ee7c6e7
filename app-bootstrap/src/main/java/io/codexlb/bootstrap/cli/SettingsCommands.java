package io.codexlb.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.settings.FieldError;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.settings.SettingsValidation;
import io.codexlb.port.in.SettingsUseCase;
import io.codexlb.port.in.UpdateSettingsCommand;
import io.codexlb.port.in.UpdateSettingsResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * {@code settings show} and {@code settings set}: the routing settings from the command line, by
 * the same wire names and checks as {@code /api/settings}.
 */
final class SettingsCommands {

  /** The settings {@code settings set} takes, by wire name. */
  static final List<String> NAMES =
      List.of(
          "routing_strategy",
          "prefer_earlier_reset",
          "sticky_threads_enabled",
          "sticky_ttl_seconds",
          "account_stream_limit",
          "account_inflight_penalty_pct",
          "request_log_retention_days");

  /** The value of {@code request_log_retention_days} that clears it: the environment's applies. */
  static final String UNSET = "unset";

  private static final String PREFIX = "codex-lb: ";

  private final SettingsUseCase settings;

  SettingsCommands(SettingsUseCase settings) {
    this.settings = requireNonNull(settings, "settings");
  }

  int show(Console console) {
    print(join(settings.current()), console);
    return AdminCommands.EXIT_OK;
  }

  int set(AdminCommand.SetSettings command, Console console) {
    RoutingSettings current = join(settings.current());
    RoutingSettings.Builder builder = current.toBuilder();
    for (Map.Entry<String, String> value : command.values().entrySet()) {
      if (!apply(builder, value.getKey(), value.getValue())) {
        console
            .err()
            .println(
                PREFIX
                    + value.getKey()
                    + ": "
                    + value.getValue()
                    + " (expected: a whole number of days, or "
                    + UNSET
                    + ")");
        return AdminCommands.EXIT_USAGE;
      }
    }
    SettingsValidation validation = builder.build();
    if (validation instanceof SettingsValidation.Invalid invalid) {
      for (FieldError error : invalid.errors()) {
        console.err().println(PREFIX + error.message());
      }
      return AdminCommands.EXIT_USAGE;
    }
    RoutingSettings proposed = ((SettingsValidation.Valid) validation).settings();
    UpdateSettingsResult result = join(settings.update(new UpdateSettingsCommand(proposed, "cli")));
    if (result instanceof UpdateSettingsResult.Conflict) {
      console
          .err()
          .println(PREFIX + "the settings were changed meanwhile by someone else; run it again");
      return AdminCommands.EXIT_FAILED;
    }
    print(((UpdateSettingsResult.Updated) result).settings(), console);
    return AdminCommands.EXIT_OK;
  }

  // Values the builder cannot read as its type are passed on as null, which it reports, naming the
  // field; a number or flag is never guessed from a typo. The retention is the exception, null
  // meaning "unset" to the builder: a value that is neither a number nor "unset" answers false.
  private static boolean apply(RoutingSettings.Builder builder, String name, String text) {
    if (name.equals("request_log_retention_days")) {
      Long days = whole(text);
      if (days == null && !text.equals(UNSET)) {
        return false;
      }
      builder.requestLogRetentionDays(days);
      return true;
    }
    switch (name) {
      case "routing_strategy" -> builder.routingStrategy(text);
      case "prefer_earlier_reset" -> builder.preferEarlierReset(flag(text));
      case "sticky_threads_enabled" -> builder.stickyThreadsEnabled(flag(text));
      case "sticky_ttl_seconds" -> builder.stickyTtlSeconds(whole(text));
      case "account_stream_limit" -> builder.accountStreamLimit(whole(text));
      case "account_inflight_penalty_pct" -> builder.accountInflightPenaltyPct(decimal(text));
      default ->
          throw new IllegalArgumentException("setting: " + name + " (expected: " + NAMES + ")");
    }
    return true;
  }

  private static @Nullable Boolean flag(String text) {
    return switch (text) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> null;
    };
  }

  private static @Nullable Long whole(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static @Nullable Double decimal(String text) {
    try {
      double value = Double.parseDouble(text);
      return Double.isFinite(value) ? value : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void print(RoutingSettings settings, Console console) {
    console.out().println("routing_strategy=" + settings.routingStrategy().wireName());
    console.out().println("prefer_earlier_reset=" + settings.preferEarlierReset());
    console.out().println("sticky_threads_enabled=" + settings.stickyThreadsEnabled());
    console.out().println("sticky_ttl_seconds=" + settings.stickyTtl().toSeconds());
    console.out().println("account_stream_limit=" + settings.accountStreamLimit());
    console.out().println("account_inflight_penalty_pct=" + settings.accountInflightPenaltyPct());
    Integer retention = settings.requestLogRetentionDays();
    // "unset": none stored, so CODEX_LB_REQUEST_LOG_RETENTION_DAYS of the running server applies.
    console.out().println("request_log_retention_days=" + (retention == null ? UNSET : retention));
    console.out().println("version=" + settings.version());
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
