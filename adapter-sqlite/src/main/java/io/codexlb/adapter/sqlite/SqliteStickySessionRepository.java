package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import io.codexlb.port.out.StickySessionRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Sticky pins in {@code sticky_sessions}, one row per key; every method is one statement. */
final class SqliteStickySessionRepository implements StickySessionRepository {

  private final SqliteJdbc jdbc;

  SqliteStickySessionRepository(SqliteJdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public CompletionStage<Void> put(StickyPin pin) {
    requireNonNull(pin, "pin");
    return jdbc.call(
        connection -> {
          try (PreparedStatement upsert =
              connection.prepareStatement(
                  "INSERT INTO sticky_sessions (key, account_id, expires_at) VALUES (?, ?, ?)"
                      + " ON CONFLICT (key) DO UPDATE SET account_id = excluded.account_id,"
                      + " expires_at = excluded.expires_at")) {
            upsert.setString(1, pin.key().value());
            upsert.setString(2, pin.account().value());
            Columns.setInstant(upsert, 3, pin.expiresAt());
            upsert.executeUpdate();
            return null;
          }
        });
  }

  @Override
  public CompletionStage<List<StickyPin>> findLive(Instant now) {
    requireNonNull(now, "now");
    return jdbc.call(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT key, account_id, expires_at FROM sticky_sessions"
                      + " WHERE expires_at > ? ORDER BY key")) {
            select.setLong(1, now.toEpochMilli());
            List<StickyPin> pins = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                pins.add(
                    new StickyPin(
                        new StickyKey(rows.getString("key")),
                        new AccountId(rows.getString("account_id")),
                        Columns.requiredInstant(rows, "expires_at")));
              }
            }
            return pins;
          }
        });
  }

  @Override
  public CompletionStage<Boolean> delete(StickyKey key) {
    requireNonNull(key, "key");
    return jdbc.call(
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM sticky_sessions WHERE key = ?")) {
            delete.setString(1, key.value());
            return delete.executeUpdate() > 0;
          }
        });
  }

  @Override
  public CompletionStage<Integer> deleteForAccount(AccountId account) {
    requireNonNull(account, "account");
    return jdbc.call(
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM sticky_sessions WHERE account_id = ?")) {
            delete.setString(1, account.value());
            return delete.executeUpdate();
          }
        });
  }

  @Override
  public CompletionStage<Integer> deleteExpired(Instant now) {
    requireNonNull(now, "now");
    return jdbc.call(
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM sticky_sessions WHERE expires_at <= ?")) {
            delete.setLong(1, now.toEpochMilli());
            return delete.executeUpdate();
          }
        });
  }
}
