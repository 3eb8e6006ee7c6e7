package io.codexlb.adapter.sqlite;

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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * API keys in {@code api_keys}, their allowed models in {@code api_key_allowed_models} and their
 * limits in {@code api_key_limits}. Every change that reads before it writes runs in one {@code
 * BEGIN IMMEDIATE} transaction, which is what makes {@link #addUsage} atomic across processes.
 */
final class SqliteApiKeyRepository implements ApiKeyRepository {

  private static final String SELECT_KEYS =
      "SELECT id, name, key_hash, key_prefix, is_active, expires_at, created_at, last_used_at"
          + " FROM api_keys ";

  private static final Comparator<KeyLimit> LIMIT_ORDER =
      Comparator.comparing(KeyLimit::type).thenComparing(KeyLimit::window);

  private final SqliteJdbc jdbc;
  private final Announcer announcer;

  SqliteApiKeyRepository(SqliteJdbc jdbc, Announcer announcer) {
    this.jdbc = jdbc;
    this.announcer = announcer;
  }

  @Override
  public CompletionStage<List<StoredApiKey>> findAll() {
    return jdbc.read(
        connection -> {
          List<StoredApiKey> keys = new ArrayList<>();
          List<ApiKey> all =
              Sql.list(connection, SELECT_KEYS + "ORDER BY id", rows -> readKey(connection, rows));
          for (ApiKey key : all) {
            keys.add(withLimits(connection, key));
          }
          return keys;
        });
  }

  @Override
  public CompletionStage<Optional<StoredApiKey>> find(ApiKeyId id) {
    requireNonNull(id, "id");
    return jdbc.read(connection -> findOne(connection, "WHERE id = ?", id.value()));
  }

  @Override
  public CompletionStage<Optional<StoredApiKey>> findByHash(KeyHash hash) {
    requireNonNull(hash, "hash");
    return jdbc.read(connection -> findOne(connection, "WHERE key_hash = ?", hash.hex()));
  }

  @Override
  public CompletionStage<Boolean> create(StoredApiKey stored) {
    requireNonNull(stored, "stored");
    ApiKey key = stored.key();
    return announcer.after(
        jdbc.write(
            connection -> {
              // OR IGNORE covers both the id and the hash: either conflict inserts nothing.
              int inserted =
                  Sql.update(
                      connection,
                      "INSERT OR IGNORE INTO api_keys (id, name, key_hash, key_prefix, is_active,"
                          + " expires_at, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      key.id().value(),
                      key.name(),
                      key.hash().hex(),
                      key.displayPrefix(),
                      key.active(),
                      key.expiresAt(),
                      key.createdAt(),
                      key.lastUsedAt());
              if (inserted == 0) {
                return false;
              }
              insertModels(connection, key);
              for (KeyLimit limit : stored.limits()) {
                putLimit(connection, key.id(), limit);
              }
              return true;
            }),
        StoreChange.API_KEYS,
        changed -> changed);
  }

  @Override
  public CompletionStage<Boolean> update(ApiKey key) {
    requireNonNull(key, "key");
    return announcer.after(
        jdbc.write(
            connection -> {
              int updated =
                  Sql.update(
                      connection,
                      "UPDATE api_keys SET name = ?, key_hash = ?, key_prefix = ?, is_active = ?,"
                          + " expires_at = ?, last_used_at = ? WHERE id = ?",
                      key.name(),
                      key.hash().hex(),
                      key.displayPrefix(),
                      key.active(),
                      key.expiresAt(),
                      key.lastUsedAt(),
                      key.id().value());
              if (updated == 0) {
                return false;
              }
              Sql.update(
                  connection,
                  "DELETE FROM api_key_allowed_models WHERE api_key_id = ?",
                  key.id().value());
              insertModels(connection, key);
              return true;
            }),
        StoreChange.API_KEYS,
        changed -> changed);
  }

  @Override
  public CompletionStage<Boolean> change(ApiKeyChange change) {
    requireNonNull(change, "change");
    ApiKey key = change.key();
    ApiKeyId id = key.id();
    // One BEGIN IMMEDIATE transaction: an exception at any step rolls every step back.
    return announcer.after(
        jdbc.write(
            connection -> {
              int updated =
                  Sql.update(
                      connection,
                      "UPDATE api_keys SET name = ?, is_active = ?, expires_at = ? WHERE id = ?",
                      key.name(),
                      key.active(),
                      key.expiresAt(),
                      id.value());
              if (updated == 0) {
                return false;
              }
              Sql.update(
                  connection,
                  "DELETE FROM api_key_allowed_models WHERE api_key_id = ?",
                  id.value());
              insertModels(connection, key);
              if (change.limits().isPresent()) {
                List<KeyLimit> wanted = change.limits().get();
                for (KeyLimit existing : limits(connection, id)) {
                  boolean kept =
                      wanted.stream()
                          .anyMatch(
                              limit ->
                                  limit.type() == existing.type()
                                      && limit.window() == existing.window());
                  if (!kept) {
                    Sql.update(
                        connection,
                        "DELETE FROM api_key_limits"
                            + " WHERE api_key_id = ? AND limit_type = ? AND limit_window = ?",
                        id.value(),
                        existing.type().wireName(),
                        existing.window().wireName());
                  }
                }
                for (KeyLimit limit : wanted) {
                  putLimit(connection, id, limit);
                }
              }
              if (change.resetUsageAt().isPresent()) {
                Instant now = change.resetUsageAt().get();
                for (KeyLimit limit : limits(connection, id)) {
                  storeCount(
                      connection,
                      id,
                      KeyLimit.fresh(limit.type(), limit.window(), limit.maxValue(), now));
                }
              }
              return true;
            }),
        StoreChange.API_KEYS,
        changed -> changed);
  }

  @Override
  public CompletionStage<Boolean> delete(ApiKeyId id) {
    requireNonNull(id, "id");
    // Foreign keys are on: the key's models and limits go with it, in the same statement.
    return announcer.after(
        jdbc.call(
            connection ->
                Sql.update(connection, "DELETE FROM api_keys WHERE id = ?", id.value()) > 0),
        StoreChange.API_KEYS,
        changed -> changed);
  }

  @Override
  public CompletionStage<Boolean> putLimit(ApiKeyId id, KeyLimit limit) {
    requireNonNull(id, "id");
    requireNonNull(limit, "limit");
    return announcer.after(
        jdbc.write(
            connection -> {
              if (!exists(connection, id)) {
                return false;
              }
              putLimit(connection, id, limit);
              return true;
            }),
        StoreChange.API_KEYS,
        changed -> changed);
  }

  @Override
  public CompletionStage<Boolean> removeLimit(ApiKeyId id, LimitType type, LimitWindow window) {
    requireNonNull(id, "id");
    requireNonNull(type, "type");
    requireNonNull(window, "window");
    return announcer.after(
        jdbc.call(
            connection ->
                Sql.update(
                        connection,
                        "DELETE FROM api_key_limits"
                            + " WHERE api_key_id = ? AND limit_type = ? AND limit_window = ?",
                        id.value(),
                        type.wireName(),
                        window.wireName())
                    > 0),
        StoreChange.API_KEYS,
        changed -> changed);
  }

  @Override
  public CompletionStage<Boolean> resetUsage(ApiKeyId id, Instant now) {
    requireNonNull(id, "id");
    requireNonNull(now, "now");
    return announcer.after(
        jdbc.write(
            connection -> {
              if (!exists(connection, id)) {
                return false;
              }
              for (KeyLimit limit : limits(connection, id)) {
                storeCount(
                    connection,
                    id,
                    KeyLimit.fresh(limit.type(), limit.window(), limit.maxValue(), now));
              }
              return true;
            }),
        StoreChange.API_KEYS,
        changed -> changed);
  }

  @Override
  public CompletionStage<List<KeyLimit>> addUsage(
      ApiKeyId id, List<UsageDelta> deltas, Instant now) {
    requireNonNull(id, "id");
    List<UsageDelta> changes = List.copyOf(requireNonNull(deltas, "deltas"));
    requireNonNull(now, "now");
    return jdbc.write(
        connection -> {
          List<KeyLimit> limits = new ArrayList<>();
          for (KeyLimit limit : limits(connection, id)) {
            long amount = LimitArithmetic.total(changes, limit.type(), limit.window());
            if (amount == 0) {
              limits.add(limit);
            } else {
              KeyLimit added = LimitArithmetic.add(limit, amount, now);
              storeCount(connection, id, added);
              limits.add(added);
            }
          }
          return List.copyOf(limits);
        });
  }

  @Override
  public CompletionStage<Void> touchLastUsed(Map<ApiKeyId, Instant> lastUsed) {
    List<@Nullable Object[]> rows =
        requireNonNull(lastUsed, "lastUsed").entrySet().stream()
            .map(entry -> new @Nullable Object[] {entry.getValue(), entry.getKey().value()})
            .toList();
    return jdbc.writeVoid(
        connection -> {
          Sql.batch(
              connection,
              "UPDATE api_keys SET last_used_at = ?1"
                  + " WHERE id = ?2 AND (last_used_at IS NULL OR last_used_at < ?1)",
              rows);
        });
  }

  private static Optional<StoredApiKey> findOne(Connection connection, String where, String value)
      throws SQLException {
    Optional<ApiKey> key =
        Sql.first(connection, SELECT_KEYS + where, rows -> readKey(connection, rows), value);
    return key.isEmpty() ? Optional.empty() : Optional.of(withLimits(connection, key.get()));
  }

  private static StoredApiKey withLimits(Connection connection, ApiKey key) throws SQLException {
    return new StoredApiKey(key, limits(connection, key.id()));
  }

  private static ApiKey readKey(Connection connection, ResultSet rows) throws SQLException {
    ApiKeyId id = new ApiKeyId(rows.getString("id"));
    List<String> models =
        Sql.list(
            connection,
            "SELECT model FROM api_key_allowed_models WHERE api_key_id = ? ORDER BY position",
            modelRows -> modelRows.getString(1),
            id.value());
    return new ApiKey(
        id,
        rows.getString("name"),
        new KeyHash(rows.getString("key_hash")),
        rows.getString("key_prefix"),
        Columns.bool(rows, "is_active"),
        Columns.instant(rows, "expires_at"),
        new LinkedHashSet<>(models),
        Columns.requiredInstant(rows, "created_at"),
        Columns.instant(rows, "last_used_at"));
  }

  private static void insertModels(Connection connection, ApiKey key) throws SQLException {
    List<@Nullable Object[]> rows = new ArrayList<>();
    for (String model : key.allowedModels()) {
      rows.add(new Object[] {key.id().value(), rows.size(), model});
    }
    Sql.batch(
        connection,
        "INSERT INTO api_key_allowed_models (api_key_id, position, model) VALUES (?, ?, ?)",
        rows);
  }

  private static List<KeyLimit> limits(Connection connection, ApiKeyId id) throws SQLException {
    List<KeyLimit> limits =
        new ArrayList<>(
            Sql.list(
                connection,
                "SELECT limit_type, limit_window, max_value, current_value, reset_at"
                    + " FROM api_key_limits WHERE api_key_id = ?",
                SqliteApiKeyRepository::readLimit,
                id.value()));
    limits.sort(LIMIT_ORDER);
    return limits;
  }

  private static KeyLimit readLimit(ResultSet rows) throws SQLException {
    String type = rows.getString("limit_type");
    String window = rows.getString("limit_window");
    return new KeyLimit(
        LimitType.fromWireName(type).orElseThrow(() -> corrupt("limit_type", type)),
        LimitWindow.fromWireName(window).orElseThrow(() -> corrupt("limit_window", window)),
        rows.getLong("max_value"),
        rows.getLong("current_value"),
        Columns.requiredInstant(rows, "reset_at"));
  }

  /** Adds the limit, or changes only the max of the one in its slot. */
  private static void putLimit(Connection connection, ApiKeyId id, KeyLimit limit)
      throws SQLException {
    Sql.update(
        connection,
        "INSERT INTO api_key_limits"
            + " (api_key_id, limit_type, limit_window, max_value, current_value, reset_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (api_key_id, limit_type, limit_window)"
            + " DO UPDATE SET max_value = excluded.max_value",
        id.value(),
        limit.type().wireName(),
        limit.window().wireName(),
        limit.maxValue(),
        limit.currentValue(),
        limit.resetAt());
  }

  /** Overwrites the count and window of the limit in its slot. */
  private static void storeCount(Connection connection, ApiKeyId id, KeyLimit limit)
      throws SQLException {
    Sql.update(
        connection,
        "UPDATE api_key_limits SET current_value = ?, reset_at = ?"
            + " WHERE api_key_id = ? AND limit_type = ? AND limit_window = ?",
        limit.currentValue(),
        limit.resetAt(),
        id.value(),
        limit.type().wireName(),
        limit.window().wireName());
  }

  private static boolean exists(Connection connection, ApiKeyId id) throws SQLException {
    return Sql.first(connection, "SELECT 1 FROM api_keys WHERE id = ?", rows -> true, id.value())
        .isPresent();
  }

  private static IllegalStateException corrupt(String column, String value) {
    return new IllegalStateException(
        "api_key_limits." + column + " is " + value + " (expected: a known wire name)");
  }
}
