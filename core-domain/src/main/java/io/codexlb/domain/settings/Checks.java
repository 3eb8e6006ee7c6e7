package io.codexlb.domain.settings;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The validation rule of each routing-settings field, shared by the record's constructor and its
 * builder so the two can never disagree. Each check appends an error naming the wire field.
 */
final class Checks {

  static final String ROUTING_STRATEGY = "routing_strategy";
  static final String PREFER_EARLIER_RESET = "prefer_earlier_reset";
  static final String STICKY_THREADS_ENABLED = "sticky_threads_enabled";
  static final String STICKY_TTL_SECONDS = "sticky_ttl_seconds";
  static final String ACCOUNT_STREAM_LIMIT = "account_stream_limit";
  static final String ACCOUNT_INFLIGHT_PENALTY_PCT = "account_inflight_penalty_pct";
  static final String REQUEST_LOG_RETENTION_DAYS = "request_log_retention_days";
  static final String VERSION = "version";

  private static final String NULL = "null";

  private Checks() {}

  static @Nullable RoutingStrategy routingStrategy(
      @Nullable String wireName, List<FieldError> errors) {
    String expected = RoutingStrategy.expectedWireNames();
    if (wireName == null) {
      errors.add(new FieldError(ROUTING_STRATEGY, NULL, expected));
      return null;
    }
    Optional<RoutingStrategy> strategy = RoutingStrategy.fromWireName(wireName);
    if (strategy.isEmpty()) {
      errors.add(new FieldError(ROUTING_STRATEGY, quoted(wireName), expected));
      return null;
    }
    return strategy.get();
  }

  static void flag(String field, @Nullable Boolean value, List<FieldError> errors) {
    if (value == null) {
      errors.add(new FieldError(field, NULL, "true or false"));
    }
  }

  static void stickyTtlSeconds(@Nullable Long seconds, List<FieldError> errors) {
    if (seconds == null) {
      errors.add(ttlError(NULL));
      return;
    }
    stickyTtl(Duration.ofSeconds(seconds), errors);
  }

  static void stickyTtl(Duration ttl, List<FieldError> errors) {
    boolean wholeSeconds = ttl.getNano() == 0;
    if (!wholeSeconds
        || ttl.compareTo(RoutingSettings.MIN_STICKY_TTL) < 0
        || ttl.compareTo(RoutingSettings.MAX_STICKY_TTL) > 0) {
      String shown =
          BigDecimal.valueOf(ttl.getSeconds())
              .add(BigDecimal.valueOf(ttl.getNano(), 9))
              .stripTrailingZeros()
              .toPlainString();
      errors.add(ttlError(shown));
    }
  }

  static void accountStreamLimit(@Nullable Long limit, List<FieldError> errors) {
    if (limit == null) {
      errors.add(new FieldError(ACCOUNT_STREAM_LIMIT, NULL, streamLimitRange()));
      return;
    }
    accountStreamLimit(limit.longValue(), errors);
  }

  static void accountStreamLimit(long limit, List<FieldError> errors) {
    if (limit < 1 || limit > RoutingSettings.MAX_ACCOUNT_STREAM_LIMIT) {
      errors.add(new FieldError(ACCOUNT_STREAM_LIMIT, Long.toString(limit), streamLimitRange()));
    }
  }

  static void accountInflightPenaltyPct(@Nullable Double percent, List<FieldError> errors) {
    if (percent == null) {
      errors.add(new FieldError(ACCOUNT_INFLIGHT_PENALTY_PCT, NULL, penaltyRange()));
      return;
    }
    accountInflightPenaltyPct(percent.doubleValue(), errors);
  }

  static void accountInflightPenaltyPct(double percent, List<FieldError> errors) {
    // Written as a negated range so NaN, which compares false to everything, is rejected too.
    if (!(percent >= 0.0 && percent <= RoutingSettings.MAX_INFLIGHT_PENALTY_PCT)) {
      errors.add(
          new FieldError(ACCOUNT_INFLIGHT_PENALTY_PCT, Double.toString(percent), penaltyRange()));
    }
  }

  static void requestLogRetentionDays(long days, List<FieldError> errors) {
    if (days < 0 || days > RoutingSettings.MAX_REQUEST_LOG_RETENTION_DAYS) {
      errors.add(
          new FieldError(
              REQUEST_LOG_RETENTION_DAYS,
              Long.toString(days),
              "0.." + RoutingSettings.MAX_REQUEST_LOG_RETENTION_DAYS + " (0 keeps them all)"));
    }
  }

  static void version(@Nullable Long version, List<FieldError> errors) {
    if (version == null) {
      errors.add(new FieldError(VERSION, NULL, ">= 0"));
      return;
    }
    version(version.longValue(), errors);
  }

  static void version(long version, List<FieldError> errors) {
    if (version < 0) {
      errors.add(new FieldError(VERSION, Long.toString(version), ">= 0"));
    }
  }

  private static FieldError ttlError(String shown) {
    return new FieldError(
        STICKY_TTL_SECONDS,
        shown,
        "whole seconds, "
            + RoutingSettings.MIN_STICKY_TTL.toSeconds()
            + ".."
            + RoutingSettings.MAX_STICKY_TTL.toSeconds());
  }

  private static String streamLimitRange() {
    return "1.." + RoutingSettings.MAX_ACCOUNT_STREAM_LIMIT;
  }

  private static String penaltyRange() {
    return "0.0.." + RoutingSettings.MAX_INFLIGHT_PENALTY_PCT;
  }

  private static String quoted(String value) {
    String shown = value.length() <= 64 ? value : value.substring(0, 64) + "...";
    return "'" + shown + "'";
  }
}
