package io.codexlb.adapter.postgres;

import static io.codexlb.adapter.postgres.PgValues.instant;
import static io.codexlb.adapter.postgres.PgValues.requiredInstant;
import static io.codexlb.adapter.postgres.PgValues.timestamp;
import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyHash;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.port.out.ApiKeyChange;
import io.codexlb.port.out.ApiKeyRepository;
import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StoredApiKey;
import io.codexlb.port.out.UsageDelta;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * API keys in {@code api_keys} and their limits in {@code api_key_limits}. Usage is counted by the
 * database, one conditional {@code UPDATE} per limit that rolls a passed window and adds in one
 * step, so any number of instances can settle usage on the same key without losing an amount.
 *
 * <p>The administrative writes ({@link #create}, {@link #update}, {@link #delete}, {@link
 * #putLimit}, {@link #removeLimit}, {@link #resetUsage}) announce {@link StoreChange#API_KEYS} on
 * the store's change channel in their own transaction, heard by every instance once it commits. One
 * that found no key or limit, or a {@code create} refused as a duplicate, announces nothing; one
 * that found its row but rewrote the same values still announces, which costs listeners one reload.
 * {@link #addUsage} and {@link #touchLastUsed} announce nothing: they run on every request, and
 * announcing them would make every instance reload every key as often.
 */
public final class PostgresApiKeyRepository implements ApiKeyRepository {

  private static final Comparator<KeyLimit> LIMIT_ORDER =
      Comparator.comparing(KeyLimit::type).thenComparing(KeyLimit::window);

  /** One limit of a key: its type and window. */
  private record Slot(LimitType type, LimitWindow window) {}

  private static final Comparator<Slot> SLOT_ORDER =
      Comparator.comparing(Slot::type).thenComparing(Slot::window);

  private static final String KEY_AND_LIMITS =
      "SELECT k.id, k.name, k.key_hash, k.key_prefix, k.is_active, k.expires_at,"
          + " k.allowed_models, k.created_at, k.last_used_at, l.limit_type, l.limit_window,"
          + " l.max_value, l.current_value, l.reset_at"
          + " FROM api_keys k LEFT JOIN api_key_limits l ON l.api_key_id = k.id";

  private static final String LIMIT_COLUMNS =
      "limit_type, limit_window, max_value, current_value, reset_at";

  // The roll-over happens in the statement, so that the read and the write are one atomic step.
  private static final String ADD_USAGE =
      "UPDATE api_key_limits SET"
          + " current_value = CASE WHEN reset_at <= $4 THEN GREATEST(0, $5::bigint)"
          + " ELSE GREATEST(0, current_value + $5::bigint) END,"
          + " reset_at = CASE WHEN reset_at <= $4 THEN $6 ELSE reset_at END"
          + " WHERE api_key_id = $1 AND limit_type = $2 AND limit_window = $3";

  private final Pool pool;
  private final PgChannel channel;

  /**
   * Keys kept through {@code pool}, whose schema is migrated, announcing their changes on {@code
   * channel} (the store's, see {@link PostgresStoreChangePublisher#channel()}).
   */
  public PostgresApiKeyRepository(Pool pool, String channel) {
    this.pool = requireNonNull(pool, "pool");
    this.channel = new PgChannel(channel);
  }

  @Override
  public CompletionStage<List<StoredApiKey>> findAll() {
    return pool.query(KEY_AND_LIMITS)
        .execute()
        .map(
            rows -> {
              List<StoredApiKey> keys = toKeys(rows);
              keys.sort(Comparator.comparing(key -> key.key().id().value()));
              return keys;
            })
        .toCompletionStage();
  }

  @Override
  public CompletionStage<Optional<StoredApiKey>> find(ApiKeyId id) {
    requireNonNull(id, "id");
    return findOne(KEY_AND_LIMITS + " WHERE k.id = $1", id.value());
  }

  @Override
  public CompletionStage<Optional<StoredApiKey>> findByHash(KeyHash hash) {
    requireNonNull(hash, "hash");
    return findOne(KEY_AND_LIMITS + " WHERE k.key_hash = $1", hash.hex());
  }

  private CompletionStage<Optional<StoredApiKey>> findOne(String sql, String value) {
    return pool.preparedQuery(sql)
        .execute(Tuple.of(value))
        .map(rows -> toKeys(rows).stream().findFirst())
        .toCompletionStage();
  }

  @Override
  public CompletionStage<Boolean> create(StoredApiKey stored) {
    requireNonNull(stored, "stored");
    ApiKey key = stored.key();
    return pool.withTransaction(
            connection ->
                connection
                    .preparedQuery(
                        "INSERT INTO api_keys (id, name, key_hash, key_prefix, is_active,"
                            + " expires_at, allowed_models, created_at, last_used_at)"
                            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
                            + " ON CONFLICT DO NOTHING")
                    .execute(
                        Tuple.tuple()
                            .addString(key.id().value())
                            .addString(key.name())
                            .addString(key.hash().hex())
                            .addString(key.displayPrefix())
                            .addBoolean(key.active())
                            .addOffsetDateTime(timestamp(key.expiresAt()))
                            .addArrayOfString(key.allowedModels().toArray(new String[0]))
                            .addOffsetDateTime(timestamp(key.createdAt()))
                            .addOffsetDateTime(timestamp(key.lastUsedAt())))
                    .compose(
                        inserted -> {
                          if (inserted.rowCount() == 0) {
                            return Future.succeededFuture(false);
                          }
                          return insertLimits(connection, key.id(), stored.limits())
                              .compose(
                                  ignored ->
                                      PgStatements.announcedIf(
                                          true, connection, channel, StoreChange.API_KEYS));
                        }))
        .toCompletionStage();
  }

  private static Future<Void> insertLimits(SqlClient client, ApiKeyId id, List<KeyLimit> limits) {
    if (limits.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>();
    for (KeyLimit limit : limits) {
      batch.add(limitTuple(id, limit));
    }
    return client
        .preparedQuery(
            "INSERT INTO api_key_limits (api_key_id, "
                + LIMIT_COLUMNS
                + ") VALUES ($1, $2, $3, $4, $5, $6)")
        .executeBatch(batch)
        .mapEmpty();
  }

  @Override
  public CompletionStage<Boolean> update(ApiKey key) {
    requireNonNull(key, "key");
    return PgStatements.changedAnyAnnounced(
        pool,
        "UPDATE api_keys SET name = $2, is_active = $3, expires_at = $4, allowed_models = $5,"
            + " last_used_at = $6, key_hash = $7, key_prefix = $8 WHERE id = $1",
        Tuple.tuple()
            .addString(key.id().value())
            .addString(key.name())
            .addBoolean(key.active())
            .addOffsetDateTime(timestamp(key.expiresAt()))
            .addArrayOfString(key.allowedModels().toArray(new String[0]))
            .addOffsetDateTime(timestamp(key.lastUsedAt()))
            .addString(key.hash().hex())
            .addString(key.displayPrefix()),
        channel,
        StoreChange.API_KEYS);
  }

  @Override
  public CompletionStage<Boolean> change(ApiKeyChange change) {
    requireNonNull(change, "change");
    ApiKey key = change.key();
    String id = key.id().value();
    // One transaction: a failed statement rolls back the ones before it.
    return pool.withTransaction(
            connection ->
                connection
                    .preparedQuery(
                        "UPDATE api_keys SET name = $2, is_active = $3, expires_at = $4,"
                            + " allowed_models = $5 WHERE id = $1")
                    .execute(
                        Tuple.tuple()
                            .addString(id)
                            .addString(key.name())
                            .addBoolean(key.active())
                            .addOffsetDateTime(timestamp(key.expiresAt()))
                            .addArrayOfString(key.allowedModels().toArray(new String[0])))
                    .compose(
                        updated -> {
                          if (updated.rowCount() == 0) {
                            return Future.succeededFuture(false);
                          }
                          return replaceLimits(connection, key.id(), change.limits())
                              .compose(ignored -> reset(connection, id, change.resetUsageAt()))
                              .compose(
                                  ignored ->
                                      PgStatements.announcedIf(
                                          true, connection, channel, StoreChange.API_KEYS));
                        }))
        .map(changed -> requireNonNull(changed, "changed"))
        .toCompletionStage();
  }

  private static Future<Void> replaceLimits(
      SqlClient client, ApiKeyId id, Optional<List<KeyLimit>> limits) {
    if (limits.isEmpty()) {
      return Future.succeededFuture();
    }
    List<KeyLimit> wanted = limits.get();
    String[] slots =
        wanted.stream()
            .map(limit -> limit.type().wireName() + " " + limit.window().wireName())
            .toArray(String[]::new);
    List<Tuple> batch = new ArrayList<>();
    wanted.stream().sorted(LIMIT_ORDER).forEach(limit -> batch.add(limitTuple(id, limit)));
    Future<?> removed =
        client
            .preparedQuery(
                "DELETE FROM api_key_limits WHERE api_key_id = $1"
                    + " AND NOT (limit_type || ' ' || limit_window = ANY($2))")
            .execute(Tuple.tuple().addString(id.value()).addArrayOfString(slots));
    if (batch.isEmpty()) {
      return removed.mapEmpty();
    }
    return removed
        .compose(
            ignored ->
                client
                    .preparedQuery(
                        "INSERT INTO api_key_limits (api_key_id, "
                            + LIMIT_COLUMNS
                            + ") VALUES ($1, $2, $3, $4, $5, $6)"
                            + " ON CONFLICT (api_key_id, limit_type, limit_window)"
                            + " DO UPDATE SET max_value = EXCLUDED.max_value")
                    .executeBatch(batch))
        .mapEmpty();
  }

  private static Future<Void> reset(SqlClient client, String id, Optional<Instant> at) {
    if (at.isEmpty()) {
      return Future.succeededFuture();
    }
    Tuple params = Tuple.tuple().addString(id);
    String sql = resetStatement(params, at.get());
    return client.preparedQuery(sql).execute(params).mapEmpty();
  }

  /**
   * The statement that zeroes a key's counts ({@code $1}: its id, already in {@code params}) with
   * each window restarted at {@code now}: its new end is computed here, one parameter per window,
   * appended to {@code params}.
   */
  private static String resetStatement(Tuple params, Instant now) {
    StringBuilder resetAt = new StringBuilder("CASE limit_window");
    for (LimitWindow window : LimitWindow.values()) {
      params.addString(window.wireName());
      params.addOffsetDateTime(timestamp(window.resetAfter(now)));
      resetAt.append(" WHEN $").append(params.size() - 1).append(" THEN $").append(params.size());
    }
    resetAt.append(" ELSE reset_at END");
    return "UPDATE api_key_limits SET current_value = 0, reset_at = "
        + resetAt
        + " WHERE api_key_id = $1";
  }

  @Override
  public CompletionStage<Boolean> delete(ApiKeyId id) {
    requireNonNull(id, "id");
    // The limits go with the key: ON DELETE CASCADE.
    return PgStatements.changedAnyAnnounced(
        pool,
        "DELETE FROM api_keys WHERE id = $1",
        Tuple.of(id.value()),
        channel,
        StoreChange.API_KEYS);
  }

  @Override
  public CompletionStage<Boolean> putLimit(ApiKeyId id, KeyLimit limit) {
    requireNonNull(id, "id");
    requireNonNull(limit, "limit");
    return PgStatements.changedAnyAnnounced(
        pool,
        "INSERT INTO api_key_limits (api_key_id, "
            + LIMIT_COLUMNS
            + ") SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS"
            + " (SELECT 1 FROM api_keys WHERE id = $1)"
            + " ON CONFLICT (api_key_id, limit_type, limit_window)"
            + " DO UPDATE SET max_value = EXCLUDED.max_value",
        limitTuple(id, limit),
        channel,
        StoreChange.API_KEYS);
  }

  @Override
  public CompletionStage<Boolean> removeLimit(ApiKeyId id, LimitType type, LimitWindow window) {
    requireNonNull(id, "id");
    requireNonNull(type, "type");
    requireNonNull(window, "window");
    return PgStatements.changedAnyAnnounced(
        pool,
        "DELETE FROM api_key_limits"
            + " WHERE api_key_id = $1 AND limit_type = $2 AND limit_window = $3",
        Tuple.of(id.value(), type.wireName(), window.wireName()),
        channel,
        StoreChange.API_KEYS);
  }

  @Override
  public CompletionStage<Boolean> resetUsage(ApiKeyId id, Instant now) {
    requireNonNull(id, "id");
    requireNonNull(now, "now");
    Tuple params = Tuple.tuple().addString(id.value());
    String reset = resetStatement(params, now);
    // Announced whenever the key exists, even with no limit to reset: harmless, one reload.
    return pool.withTransaction(
            connection ->
                connection
                    .preparedQuery(
                        "WITH reset AS ("
                            + reset
                            + " RETURNING 1)"
                            + " SELECT EXISTS (SELECT 1 FROM api_keys WHERE id = $1) AS found")
                    .execute(params)
                    .compose(
                        rows ->
                            PgStatements.announcedIf(
                                rows.iterator().next().getBoolean("found"),
                                connection,
                                channel,
                                StoreChange.API_KEYS)))
        .toCompletionStage();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Announces no change: usage is settled on every request, and in-memory copies hold limits'
   * definitions, not their counts.
   */
  @Override
  public CompletionStage<List<KeyLimit>> addUsage(
      ApiKeyId id, List<UsageDelta> deltas, Instant now) {
    requireNonNull(id, "id");
    requireNonNull(deltas, "deltas");
    requireNonNull(now, "now");
    // One amount per limit, summed first, so a call adds as one step whatever its deltas' order;
    // a limit whose amounts cancel out is left as it is. The map is ordered, so every instance
    // updates rows in the same order and two settlements never deadlock.
    Map<Slot, Long> sums = new TreeMap<>(SLOT_ORDER);
    for (UsageDelta delta : deltas) {
      sums.merge(new Slot(delta.type(), delta.window()), delta.amount(), Long::sum);
    }
    List<Tuple> batch = new ArrayList<>();
    sums.forEach(
        (slot, amount) -> {
          if (amount != 0) {
            batch.add(
                Tuple.tuple()
                    .addString(id.value())
                    .addString(slot.type().wireName())
                    .addString(slot.window().wireName())
                    .addOffsetDateTime(timestamp(now))
                    .addLong(amount)
                    .addOffsetDateTime(timestamp(slot.window().resetAfter(now))));
          }
        });
    return pool.withTransaction(
            connection -> {
              Future<?> updated =
                  batch.isEmpty()
                      ? Future.succeededFuture()
                      : connection.preparedQuery(ADD_USAGE).executeBatch(batch);
              return updated.compose(
                  ignored ->
                      connection
                          .preparedQuery(
                              "SELECT "
                                  + LIMIT_COLUMNS
                                  + " FROM api_key_limits WHERE api_key_id = $1")
                          .execute(Tuple.of(id.value()))
                          .map(PostgresApiKeyRepository::toLimits));
            })
        // withTransaction admits a null result; this transaction always ends with the limits.
        .map(limits -> requireNonNull(limits, "limits"))
        .toCompletionStage();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Announces no change: last use is recorded on every request, and announcing it would make
   * every instance reload every key as often.
   */
  @Override
  public CompletionStage<Void> touchLastUsed(Map<ApiKeyId, Instant> lastUsed) {
    requireNonNull(lastUsed, "lastUsed");

    List<Tuple> batch = new ArrayList<>();
    // A stable order, so that two instances touching the same keys lock them in the same order.
    lastUsed.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.comparing(ApiKeyId::value)))
        .forEach(
            entry ->
                batch.add(
                    Tuple.of(entry.getKey().value(), timestamp(requireNonNull(entry.getValue())))));
    // GREATEST ignores a NULL, so a never-used key takes the new instant.
    return PgStatements.batchInTransaction(
        pool, "UPDATE api_keys SET last_used_at = GREATEST(last_used_at, $2) WHERE id = $1", batch);
  }

  private static Tuple limitTuple(ApiKeyId id, KeyLimit limit) {
    return Tuple.tuple()
        .addString(id.value())
        .addString(limit.type().wireName())
        .addString(limit.window().wireName())
        .addLong(limit.maxValue())
        .addLong(limit.currentValue())
        .addOffsetDateTime(timestamp(limit.resetAt()));
  }

  private static List<StoredApiKey> toKeys(RowSet<Row> rows) {
    // One row per limit (or one without a limit) of each key, in key order.
    Map<String, KeyRows> keys = new LinkedHashMap<>();
    for (Row row : rows) {
      KeyRows key =
          keys.computeIfAbsent(
              row.getString("id"), ignored -> new KeyRows(toKey(row), new ArrayList<>()));
      if (row.getString("limit_type") != null) {
        key.limits().add(toLimit(row));
      }
    }
    List<StoredApiKey> stored = new ArrayList<>();
    for (KeyRows key : keys.values()) {
      key.limits().sort(LIMIT_ORDER);
      stored.add(new StoredApiKey(key.key(), key.limits()));
    }
    return stored;
  }

  /** A key read from its rows, and the limits gathered so far. */
  private record KeyRows(ApiKey key, List<KeyLimit> limits) {}

  private static ApiKey toKey(Row row) {
    String[] models = row.getArrayOfStrings("allowed_models");
    return new ApiKey(
        new ApiKeyId(row.getString("id")),
        row.getString("name"),
        new KeyHash(row.getString("key_hash")),
        row.getString("key_prefix"),
        row.getBoolean("is_active"),
        instant(row, "expires_at"),
        new LinkedHashSet<>(Arrays.asList(models)),
        requiredInstant(row, "created_at"),
        instant(row, "last_used_at"));
  }

  private static List<KeyLimit> toLimits(RowSet<Row> rows) {
    List<KeyLimit> limits = new ArrayList<>();
    rows.forEach(row -> limits.add(toLimit(row)));
    limits.sort(LIMIT_ORDER);
    return limits;
  }

  private static KeyLimit toLimit(Row row) {
    String type = row.getString("limit_type");
    String window = row.getString("limit_window");
    return new KeyLimit(
        LimitType.fromWireName(type).orElseThrow(() -> corrupt("limit_type", type)),
        LimitWindow.fromWireName(window).orElseThrow(() -> corrupt("limit_window", window)),
        row.getLong("max_value"),
        row.getLong("current_value"),
        requiredInstant(row, "reset_at"));
  }

  private static IllegalStateException corrupt(String column, String value) {
    return new IllegalStateException(
        "api_key_limits: column " + column + " is '" + value + "' (expected: a known wire name)");
  }
}
