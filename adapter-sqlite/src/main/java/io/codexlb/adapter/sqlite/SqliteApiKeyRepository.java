package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyHash;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.port.out.ApiKeyRepository;
import io.codexlb.port.out.StoredApiKey;
import io.codexlb.port.out.UsageDelta;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * API keys in {@code api_keys}, their allowed models in {@code api_key_allowed_models} and their
 * limits in {@code api_key_limits}. Every change that reads before it writes runs in one {@code
 * BEGIN IMMEDIATE} transaction, which is what makes {@link #addUsage} atomic across processes.
 */
final class SqliteApiKeyRepository implements ApiKeyRepository {

  private static final String KEY_COLUMNS =
      "id, name, key_hash, key_prefix, is_active, expires_at, created_at, last_used_at";

  private static final Comparator<KeyLimit> LIMIT_ORDER =
      Comparator.comparing(KeyLimit::type).thenComparing(KeyLimit::window);

  private final SqliteJdbc jdbc;

  SqliteApiKeyRepository(SqliteJdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public CompletionStage<List<StoredApiKey>> findAll() {
    return jdbc.read(
        connection -> {
          List<StoredApiKey> keys = new ArrayList<>();
          for (ApiKey key : selectKeys(connection, "ORDER BY id", null)) {
            keys.add(new StoredApiKey(key, limits(connection, key.id())));
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
    return jdbc.write(
        connection -> {
          // OR IGNORE covers both the id and the hash: either conflict inserts nothing.
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT OR IGNORE INTO api_keys ("
                      + KEY_COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, key.id().value());
            insert.setString(2, key.name());
            insert.setString(3, key.hash().hex());
            insert.setString(4, key.displayPrefix());
            Columns.setBoolean(insert, 5, key.active());
            Columns.setInstant(insert, 6, key.expiresAt());
            Columns.setInstant(insert, 7, key.createdAt());
            Columns.setInstant(insert, 8, key.lastUsedAt());
            if (insert.executeUpdate() == 0) {
              return false;
            }
          }
          insertModels(connection, key);
          for (KeyLimit limit : stored.limits()) {
            insertLimit(connection, key.id(), limit);
          }
          return true;
        });
  }

  @Override
  public CompletionStage<Boolean> update(ApiKey key) {
    requireNonNull(key, "key");
    return jdbc.write(
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE api_keys SET name = ?, is_active = ?, expires_at = ?, last_used_at = ?"
                      + " WHERE id = ?")) {
            update.setString(1, key.name());
            Columns.setBoolean(update, 2, key.active());
            Columns.setInstant(update, 3, key.expiresAt());
            Columns.setInstant(update, 4, key.lastUsedAt());
            update.setString(5, key.id().value());
            if (update.executeUpdate() == 0) {
              return false;
            }
          }
          try (PreparedStatement delete =
              connection.prepareStatement(
                  "DELETE FROM api_key_allowed_models WHERE api_key_id = ?")) {
            delete.setString(1, key.id().value());
            delete.executeUpdate();
          }
          insertModels(connection, key);
          return true;
        });
  }

  @Override
  public CompletionStage<Boolean> delete(ApiKeyId id) {
    requireNonNull(id, "id");
    // Foreign keys are on: the key's models and limits go with it, in the same statement.
    return jdbc.call(connection -> updateKey(connection, "DELETE FROM api_keys WHERE id = ?", id));
  }

  @Override
  public CompletionStage<Boolean> putLimit(ApiKeyId id, KeyLimit limit) {
    requireNonNull(id, "id");
    requireNonNull(limit, "limit");
    return jdbc.write(
        connection -> {
          if (!exists(connection, id)) {
            return false;
          }
          insertLimit(connection, id, limit);
          return true;
        });
  }

  @Override
  public CompletionStage<Boolean> removeLimit(ApiKeyId id, LimitType type, LimitWindow window) {
    requireNonNull(id, "id");
    requireNonNull(type, "type");
    requireNonNull(window, "window");
    return jdbc.call(
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement(
                  "DELETE FROM api_key_limits"
                      + " WHERE api_key_id = ? AND limit_type = ? AND limit_window = ?")) {
            delete.setString(1, id.value());
            delete.setString(2, type.wireName());
            delete.setString(3, window.wireName());
            return delete.executeUpdate() > 0;
          }
        });
  }

  @Override
  public CompletionStage<Boolean> resetUsage(ApiKeyId id, Instant now) {
    requireNonNull(id, "id");
    requireNonNull(now, "now");
    return jdbc.write(
        connection -> {
          if (!exists(connection, id)) {
            return false;
          }
          for (KeyLimit limit : limits(connection, id)) {
            store(
                connection,
                id,
                KeyLimit.fresh(limit.type(), limit.window(), limit.maxValue(), now));
          }
          return true;
        });
  }

  @Override
  public CompletionStage<List<KeyLimit>> addUsage(
      ApiKeyId id, List<UsageDelta> deltas, Instant now) {
    requireNonNull(id, "id");
    List<UsageDelta> changes = List.copyOf(requireNonNull(deltas, "deltas"));
    requireNonNull(now, "now");
    return jdbc.write(
        connection -> {
          if (!exists(connection, id)) {
            return List.of();
          }
          List<KeyLimit> limits = new ArrayList<>();
          for (KeyLimit limit : limits(connection, id)) {
            long amount = LimitArithmetic.total(changes, limit.type(), limit.window());
            if (amount == 0) {
              limits.add(limit);
            } else {
              KeyLimit added = LimitArithmetic.add(limit, amount, now);
              store(connection, id, added);
              limits.add(added);
            }
          }
          return List.copyOf(limits);
        });
  }

  @Override
  public CompletionStage<Void> touchLastUsed(Map<ApiKeyId, Instant> lastUsed) {
    Map<ApiKeyId, Instant> batch = Map.copyOf(requireNonNull(lastUsed, "lastUsed"));
    return jdbc.write(
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE api_keys SET last_used_at = ?1"
                      + " WHERE id = ?2 AND (last_used_at IS NULL OR last_used_at < ?1)")) {
            for (Map.Entry<ApiKeyId, Instant> entry : batch.entrySet()) {
              update.setLong(1, entry.getValue().toEpochMilli());
              update.setString(2, entry.getKey().value());
              update.addBatch();
            }
            update.executeBatch();
          }
          return null;
        });
  }

  private Optional<StoredApiKey> findOne(Connection connection, String where, String value)
      throws SQLException {
    List<ApiKey> keys = selectKeys(connection, where, value);
    if (keys.isEmpty()) {
      return Optional.empty();
    }
    ApiKey key = keys.get(0);
    return Optional.of(new StoredApiKey(key, limits(connection, key.id())));
  }

  private static List<ApiKey> selectKeys(Connection connection, String clause, String value)
      throws SQLException {
    List<ApiKey> keys = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement("SELECT " + KEY_COLUMNS + " FROM api_keys " + clause)) {
      if (value != null) {
        select.setString(1, value);
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          keys.add(readKey(connection, rows));
        }
      }
    }
    return keys;
  }

  private static ApiKey readKey(Connection connection, ResultSet rows) throws SQLException {
    ApiKeyId id = new ApiKeyId(rows.getString("id"));
    return new ApiKey(
        id,
        rows.getString("name"),
        new KeyHash(rows.getString("key_hash")),
        rows.getString("key_prefix"),
        Columns.bool(rows, "is_active"),
        Columns.instant(rows, "expires_at"),
        models(connection, id),
        Columns.requiredInstant(rows, "created_at"),
        Columns.instant(rows, "last_used_at"));
  }

  private static Set<String> models(Connection connection, ApiKeyId id) throws SQLException {
    Set<String> models = new LinkedHashSet<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT model FROM api_key_allowed_models WHERE api_key_id = ? ORDER BY position")) {
      select.setString(1, id.value());
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          models.add(rows.getString(1));
        }
      }
    }
    return models;
  }

  private static void insertModels(Connection connection, ApiKey key) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO api_key_allowed_models (api_key_id, position, model) VALUES (?, ?, ?)")) {
      int position = 0;
      for (String model : key.allowedModels()) {
        insert.setString(1, key.id().value());
        insert.setInt(2, position++);
        insert.setString(3, model);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static List<KeyLimit> limits(Connection connection, ApiKeyId id) throws SQLException {
    List<KeyLimit> limits = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT limit_type, limit_window, max_value, current_value, reset_at"
                + " FROM api_key_limits WHERE api_key_id = ?")) {
      select.setString(1, id.value());
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          limits.add(readLimit(rows));
        }
      }
    }
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
  private static void insertLimit(Connection connection, ApiKeyId id, KeyLimit limit)
      throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO api_key_limits"
                + " (api_key_id, limit_type, limit_window, max_value, current_value, reset_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (api_key_id, limit_type, limit_window)"
                + " DO UPDATE SET max_value = excluded.max_value")) {
      bindLimit(upsert, id, limit);
      upsert.executeUpdate();
    }
  }

  /** Overwrites the count and window of the limit in its slot. */
  private static void store(Connection connection, ApiKeyId id, KeyLimit limit)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE api_key_limits SET current_value = ?, reset_at = ?"
                + " WHERE api_key_id = ? AND limit_type = ? AND limit_window = ?")) {
      update.setLong(1, limit.currentValue());
      Columns.setInstant(update, 2, limit.resetAt());
      update.setString(3, id.value());
      update.setString(4, limit.type().wireName());
      update.setString(5, limit.window().wireName());
      update.executeUpdate();
    }
  }

  private static void bindLimit(PreparedStatement statement, ApiKeyId id, KeyLimit limit)
      throws SQLException {
    statement.setString(1, id.value());
    statement.setString(2, limit.type().wireName());
    statement.setString(3, limit.window().wireName());
    statement.setLong(4, limit.maxValue());
    statement.setLong(5, limit.currentValue());
    Columns.setInstant(statement, 6, limit.resetAt());
  }

  private static boolean exists(Connection connection, ApiKeyId id) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT 1 FROM api_keys WHERE id = ?")) {
      select.setString(1, id.value());
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static boolean updateKey(Connection connection, String sql, ApiKeyId id)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, id.value());
      return statement.executeUpdate() > 0;
    }
  }

  private static IllegalStateException corrupt(String column, String value) {
    return new IllegalStateException(
        "api_key_limits." + column + " is " + value + " (expected: a known wire name)");
  }
}
