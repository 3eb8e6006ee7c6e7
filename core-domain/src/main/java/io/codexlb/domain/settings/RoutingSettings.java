package io.codexlb.domain.settings;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.sticky.StickyPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The operator's routing settings. Wire values go through {@link #builder()} or {@link
 * #toBuilder()}, whose {@link Builder#build()} reports every bad field; the constructor is for
 * values already known to be valid and throws {@link IllegalArgumentException} otherwise.
 *
 * @param routingStrategy {@code routing_strategy}; default {@code capacity_weighted}
 * @param preferEarlierReset {@code prefer_earlier_reset}: prefer accounts whose quota resets
 *     soonest; default {@code false}, an opt-in as the issue asks (upstream's column defaults to
 *     true)
 * @param stickyThreadsEnabled {@code sticky_threads_enabled}; default {@code true}
 * @param stickyTtl {@code sticky_ttl_seconds}: a pin's sliding lifetime; default 30 minutes, from 1
 *     minute to 7 days, whole seconds
 * @param accountStreamLimit {@code account_stream_limit}: concurrent requests per account; default
 *     8 (upstream {@code CODEX_LB_PROXY_ACCOUNT_STREAM_LIMIT}), from 1 to {@value
 *     #MAX_ACCOUNT_STREAM_LIMIT}
 * @param accountInflightPenaltyPct {@code account_inflight_penalty_pct}: percentage points added to
 *     an account's used percentage per in-flight request when routing; default 2.5 (upstream {@code
 *     CODEX_LB_PROXY_ACCOUNT_INFLIGHT_PENALTY_PCT}), from 0 to 100
 * @param requestLogRetentionDays {@code request_log_retention_days}: request logs older than this
 *     many days are deleted by the hourly upkeep job, {@code 0} keeps them all; from 0 to {@value
 *     #MAX_REQUEST_LOG_RETENTION_DAYS}. {@code null} when none is stored: then {@code
 *     CODEX_LB_REQUEST_LOG_RETENTION_DAYS} applies (see {@link #requestLogRetentionDaysOr(int)})
 * @param version {@code version}: the optimistic-lock version; an update names the version it was
 *     based on and the store refuses it when another update came first; at least 0
 */
public record RoutingSettings(
    RoutingStrategy routingStrategy,
    boolean preferEarlierReset,
    boolean stickyThreadsEnabled,
    Duration stickyTtl,
    int accountStreamLimit,
    double accountInflightPenaltyPct,
    @Nullable Integer requestLogRetentionDays,
    long version) {

  /** Shortest sticky time to live: shorter would rarely outlast a Codex turn. */
  public static final Duration MIN_STICKY_TTL = Duration.ofMinutes(1);

  /** Longest sticky time to live: a week, the longest upstream quota window. */
  public static final Duration MAX_STICKY_TTL = Duration.ofDays(7);

  /** Highest per-account concurrency cap; guards against a typo disabling the cap in effect. */
  public static final int MAX_ACCOUNT_STREAM_LIMIT = 1_000;

  /** Highest in-flight penalty: one request making an account look fully used. */
  public static final double MAX_INFLIGHT_PENALTY_PCT = 100.0;

  /** Longest request-log retention: a hundred years, which is "keep" written as a number. */
  public static final int MAX_REQUEST_LOG_RETENTION_DAYS = 36_500;

  public RoutingSettings {
    requireNonNull(routingStrategy, "routingStrategy");
    requireNonNull(stickyTtl, "stickyTtl");
    List<FieldError> errors = new ArrayList<>();
    Checks.stickyTtl(stickyTtl, errors);
    Checks.accountStreamLimit(accountStreamLimit, errors);
    Checks.accountInflightPenaltyPct(accountInflightPenaltyPct, errors);
    if (requestLogRetentionDays != null) {
      Checks.requestLogRetentionDays(requestLogRetentionDays.longValue(), errors);
    }
    Checks.version(version, errors);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          errors.stream().map(FieldError::message).collect(Collectors.joining("; ")));
    }
  }

  /** The defaults: what a fresh installation routes with. */
  public static RoutingSettings defaults() {
    return new RoutingSettings(
        RoutingStrategy.CAPACITY_WEIGHTED, false, true, StickyPolicy.DEFAULT_TTL, 8, 2.5, null, 0L);
  }

  /** A builder starting from the {@linkplain #defaults() defaults}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder starting from these settings, for a partial update. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The sticky-session policy these settings ask for. */
  public StickyPolicy stickyPolicy() {
    return new StickyPolicy(stickyThreadsEnabled, stickyTtl);
  }

  /**
   * The request-log retention in effect: the stored one, else {@code configured} (the value of
   * {@code CODEX_LB_REQUEST_LOG_RETENTION_DAYS}), which applies until one is stored.
   */
  public int requestLogRetentionDaysOr(int configured) {
    Integer stored = requestLogRetentionDays;
    return stored != null ? stored : configured;
  }

  /** These settings as the store saves them after an accepted update: the version plus one. */
  public RoutingSettings nextVersion() {
    return new RoutingSettings(
        routingStrategy,
        preferEarlierReset,
        stickyThreadsEnabled,
        stickyTtl,
        accountStreamLimit,
        accountInflightPenaltyPct,
        requestLogRetentionDays,
        Math.addExact(version, 1));
  }

  /**
   * Collects wire values and validates them all at once. Each setter takes the value as the client
   * sent it; {@code null} stands for an explicit JSON {@code null}, which no field accepts but
   * {@code request_log_retention_days}, where it means "none stored". Fields never set keep the
   * starting settings' values.
   */
  public static final class Builder {

    private @Nullable String routingStrategy;
    private @Nullable Boolean preferEarlierReset;
    private @Nullable Boolean stickyThreadsEnabled;
    private @Nullable Long stickyTtlSeconds;
    private @Nullable Long accountStreamLimit;
    private @Nullable Double accountInflightPenaltyPct;
    private @Nullable Long requestLogRetentionDays;
    private @Nullable Long version;

    private Builder(RoutingSettings start) {
      routingStrategy = start.routingStrategy.wireName();
      preferEarlierReset = start.preferEarlierReset;
      stickyThreadsEnabled = start.stickyThreadsEnabled;
      stickyTtlSeconds = start.stickyTtl.toSeconds();
      accountStreamLimit = (long) start.accountStreamLimit;
      accountInflightPenaltyPct = start.accountInflightPenaltyPct;
      Integer retention = start.requestLogRetentionDays;
      requestLogRetentionDays = retention == null ? null : retention.longValue();
      version = start.version;
    }

    /** {@code routing_strategy}, by wire name, matched case-sensitively. */
    public Builder routingStrategy(@Nullable String wireName) {
      routingStrategy = wireName;
      return this;
    }

    /** {@code routing_strategy}, already parsed. */
    public Builder routingStrategy(RoutingStrategy strategy) {
      routingStrategy = requireNonNull(strategy, "strategy").wireName();
      return this;
    }

    /** {@code prefer_earlier_reset}. */
    public Builder preferEarlierReset(@Nullable Boolean value) {
      preferEarlierReset = value;
      return this;
    }

    /** {@code sticky_threads_enabled}. */
    public Builder stickyThreadsEnabled(@Nullable Boolean value) {
      stickyThreadsEnabled = value;
      return this;
    }

    /** {@code sticky_ttl_seconds}. */
    public Builder stickyTtlSeconds(@Nullable Long seconds) {
      stickyTtlSeconds = seconds;
      return this;
    }

    /** {@code account_stream_limit}; a {@code long} so an out-of-range number is reported. */
    public Builder accountStreamLimit(@Nullable Long limit) {
      accountStreamLimit = limit;
      return this;
    }

    /** {@code account_inflight_penalty_pct}. */
    public Builder accountInflightPenaltyPct(@Nullable Double percent) {
      accountInflightPenaltyPct = percent;
      return this;
    }

    /**
     * {@code request_log_retention_days}; a {@code long} so an out-of-range number is reported,
     * {@code null} for "none stored" (the environment's value applies).
     */
    public Builder requestLogRetentionDays(@Nullable Long days) {
      requestLogRetentionDays = days;
      return this;
    }

    /** {@code version}. */
    public Builder version(@Nullable Long value) {
      version = value;
      return this;
    }

    /** The settings, or every field error in field order. */
    public SettingsValidation build() {
      List<FieldError> errors = new ArrayList<>();
      RoutingStrategy strategy = Checks.routingStrategy(routingStrategy, errors);
      Checks.flag(Checks.PREFER_EARLIER_RESET, preferEarlierReset, errors);
      Checks.flag(Checks.STICKY_THREADS_ENABLED, stickyThreadsEnabled, errors);
      Checks.stickyTtlSeconds(stickyTtlSeconds, errors);
      Checks.accountStreamLimit(accountStreamLimit, errors);
      Checks.accountInflightPenaltyPct(accountInflightPenaltyPct, errors);
      Long retention = requestLogRetentionDays;
      if (retention != null) {
        Checks.requestLogRetentionDays(retention.longValue(), errors);
      }
      Checks.version(version, errors);
      if (!errors.isEmpty()) {
        return new SettingsValidation.Invalid(errors);
      }
      // Every check passed, and each one reports a missing value: nothing below is null.
      return new SettingsValidation.Valid(
          new RoutingSettings(
              requireNonNull(strategy),
              requireNonNull(preferEarlierReset),
              requireNonNull(stickyThreadsEnabled),
              Duration.ofSeconds(requireNonNull(stickyTtlSeconds)),
              Math.toIntExact(requireNonNull(accountStreamLimit)),
              requireNonNull(accountInflightPenaltyPct),
              retention == null ? null : Math.toIntExact(retention),
              requireNonNull(version)));
    }
  }
}
