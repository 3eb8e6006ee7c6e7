package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import io.codexlb.port.out.StickySessionRepository;
import java.time.Instant;
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
    return jdbc.callVoid(
        connection -> {
          Sql.update(
              connection,
              "INSERT INTO sticky_sessions (key, account_id, expires_at) VALUES (?, ?, ?)"
                  + " ON CONFLICT (key) DO UPDATE SET account_id = excluded.account_id,"
                  + " expires_at = excluded.expires_at",
              pin.key().value(),
              pin.account().value(),
              pin.expiresAt());
        });
  }

  @Override
  public CompletionStage<List<StickyPin>> findLive(Instant now) {
    requireNonNull(now, "now");
    return jdbc.call(
        connection ->
            Sql.list(
                connection,
                "SELECT key, account_id, expires_at FROM sticky_sessions"
                    + " WHERE expires_at > ? ORDER BY key",
                rows ->
                    new StickyPin(
                        new StickyKey(rows.getString("key")),
                        new AccountId(rows.getString("account_id")),
                        Columns.requiredInstant(rows, "expires_at")),
                now));
  }

  @Override
  public CompletionStage<Boolean> delete(StickyKey key) {
    requireNonNull(key, "key");
    return jdbc.call(
        connection ->
            Sql.update(connection, "DELETE FROM sticky_sessions WHERE key = ?", key.value()) > 0);
  }

  @Override
  public CompletionStage<Integer> deleteForAccount(AccountId account) {
    requireNonNull(account, "account");
    return jdbc.call(
        connection ->
            Sql.update(
                connection, "DELETE FROM sticky_sessions WHERE account_id = ?", account.value()));
  }

  @Override
  public CompletionStage<Integer> deleteExpired(Instant now) {
    requireNonNull(now, "now");
    return jdbc.call(
        connection ->
            Sql.update(connection, "DELETE FROM sticky_sessions WHERE expires_at <= ?", now));
  }
}
