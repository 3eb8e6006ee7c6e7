package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import io.codexlb.port.out.StickyPinPage;
import io.codexlb.port.out.StickySessionRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The sticky pins in {@code sticky_sessions}: one row per key, expiries in epoch milliseconds.
 * SQLite compares text with {@code memcmp} on UTF-8 (the {@code BINARY} collation), which is the
 * code point order the port promises for pages.
 */
final class SqliteStickySessionRepository implements StickySessionRepository {

  private static final String COLUMNS = "key, account_id, expires_at";

  private final SqliteJdbc jdbc;

  SqliteStickySessionRepository(SqliteJdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public CompletionStage<Optional<StickyPin>> find(StickyKey key, Instant now) {
    requireNonNull(key, "key");
    requireNonNull(now, "now");
    return jdbc.call(
        connection ->
            Sql.first(
                connection,
                "SELECT " + COLUMNS + " FROM sticky_sessions WHERE key = ? AND expires_at > ?",
                SqliteStickySessionRepository::read,
                key.value(),
                now));
  }

  @Override
  public CompletionStage<Void> saveAll(List<StickyPin> pins) {
    List<@Nullable Object[]> rows = new ArrayList<>();
    for (StickyPin pin : requireNonNull(pins, "pins")) {
      rows.add(new Object[] {pin.key().value(), pin.account().value(), pin.expiresAt()});
    }
    return jdbc.writeVoid(
        connection ->
            Sql.batch(
                connection,
                "INSERT INTO sticky_sessions ("
                    + COLUMNS
                    + ") VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
                    + " account_id = excluded.account_id, expires_at = excluded.expires_at",
                rows));
  }

  @Override
  public CompletionStage<StickyPinPage> list(Instant now, Optional<StickyKey> after, int limit) {
    requireNonNull(now, "now");
    requireNonNull(after, "after");
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1-" + MAX_PAGE + ")");
    }
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(COLUMNS)
            .append(" FROM sticky_sessions WHERE expires_at > ?");
    List<Object> args = new ArrayList<>(List.of(now));
    after.ifPresent(
        key -> {
          sql.append(" AND key > ?");
          args.add(key.value());
        });
    // One more than the page: whether it exists says if there is a next page.
    sql.append(" ORDER BY key LIMIT ?");
    args.add(limit + 1);
    return jdbc.call(
        connection ->
            StickyPinPage.of(
                Sql.list(
                    connection,
                    sql.toString(),
                    SqliteStickySessionRepository::read,
                    args.toArray()),
                limit));
  }

  @Override
  public CompletionStage<Boolean> delete(StickyKey key) {
    requireNonNull(key, "key");
    return jdbc.call(
        connection ->
            Sql.update(connection, "DELETE FROM sticky_sessions WHERE key = ?", key.value()) > 0);
  }

  @Override
  public CompletionStage<Integer> deleteByAccount(AccountId account) {
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

  @Override
  public CompletionStage<Integer> deleteAll() {
    return jdbc.call(connection -> Sql.update(connection, "DELETE FROM sticky_sessions"));
  }

  private static StickyPin read(ResultSet rows) throws SQLException {
    return new StickyPin(
        new StickyKey(rows.getString("key")),
        new AccountId(rows.getString("account_id")),
        Columns.requiredInstant(rows, "expires_at"));
  }
}
