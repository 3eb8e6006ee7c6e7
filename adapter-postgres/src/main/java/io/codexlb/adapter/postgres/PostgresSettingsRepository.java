package io.codexlb.adapter.postgres;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.settings.RoutingStrategy;
import io.codexlb.port.out.SettingsRepository;
import io.codexlb.port.out.SettingsSave;
import io.codexlb.port.out.StoreChange;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The routing settings in the one-row {@code settings} table. A save is one conditional statement
 * (the first an {@code INSERT ... ON CONFLICT DO NOTHING}, later ones an {@code UPDATE ... WHERE
 * version = expected}), so of two instances saving on the same version exactly one wins.
 *
 * <p>A save that won announces {@link StoreChange#SETTINGS} on the store's change channel in its
 * own transaction, heard by every instance once it commits; a save refused as a conflict announces
 * nothing.
 */
public final class PostgresSettingsRepository implements SettingsRepository {

  private static final String COLUMNS =
      "routing_strategy, prefer_earlier_reset, sticky_threads_enabled, sticky_ttl_seconds,"
          + " account_stream_limit, account_inflight_penalty_pct, request_log_retention_days, version";

  private final Pool pool;
  private final PgChannel channel;

  /**
   * Settings kept through {@code pool}, whose schema is migrated, announcing their changes on
   * {@code channel} (the store's, see {@link PostgresStoreChangePublisher#channel()}).
   */
  public PostgresSettingsRepository(Pool pool, String channel) {
    this.pool = requireNonNull(pool, "pool");
    this.channel = new PgChannel(channel);
  }

  @Override
  public CompletionStage<RoutingSettings> load() {
    return loadNow().toCompletionStage();
  }

  @Override
  public CompletionStage<SettingsSave> save(RoutingSettings proposed) {
    requireNonNull(proposed, "proposed");
    RoutingSettings next = proposed.nextVersion();
    String sql;
    Tuple params;
    if (proposed.version() == 0) {
      // Version 0 is the defaults, never stored: the first save inserts the row, once.
      sql =
          "INSERT INTO settings (id, "
              + COLUMNS
              + ") VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING";
      params = columns(next);
    } else {
      sql =
          "UPDATE settings SET routing_strategy = $1, prefer_earlier_reset = $2,"
              + " sticky_threads_enabled = $3, sticky_ttl_seconds = $4,"
              + " account_stream_limit = $5, account_inflight_penalty_pct = $6,"
              + " request_log_retention_days = $7, version = $8 WHERE id = 1 AND version = $9";
      params = columns(next).addLong(proposed.version());
    }
    return PgStatements.changedAnyAnnounced(pool, sql, params, channel, StoreChange.SETTINGS)
        .thenCompose(
            won ->
                won
                    ? CompletableFuture.<SettingsSave>completedFuture(new SettingsSave.Saved(next))
                    : loadNow().toCompletionStage().thenApply(SettingsSave.Conflict::new));
  }

  private Future<RoutingSettings> loadNow() {
    return pool.query("SELECT " + COLUMNS + " FROM settings WHERE id = 1")
        .execute()
        .map(
            rows ->
                rows.size() == 0 ? RoutingSettings.defaults() : toSettings(rows.iterator().next()));
  }

  private static Tuple columns(RoutingSettings settings) {
    return Tuple.tuple()
        .addString(settings.routingStrategy().wireName())
        .addBoolean(settings.preferEarlierReset())
        .addBoolean(settings.stickyThreadsEnabled())
        .addLong(settings.stickyTtl().toSeconds())
        .addInteger(settings.accountStreamLimit())
        .addDouble(settings.accountInflightPenaltyPct())
        .addInteger(settings.requestLogRetentionDays())
        .addLong(settings.version());
  }

  private static RoutingSettings toSettings(Row row) {
    String strategy = row.getString("routing_strategy");
    return new RoutingSettings(
        RoutingStrategy.fromWireName(strategy)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "settings: column routing_strategy is '"
                            + strategy
                            + "' (expected: a known strategy)")),
        row.getBoolean("prefer_earlier_reset"),
        row.getBoolean("sticky_threads_enabled"),
        Duration.ofSeconds(row.getLong("sticky_ttl_seconds")),
        row.getInteger("account_stream_limit"),
        row.getDouble("account_inflight_penalty_pct"),
        row.getInteger("request_log_retention_days"),
        row.getLong("version"));
  }
}
