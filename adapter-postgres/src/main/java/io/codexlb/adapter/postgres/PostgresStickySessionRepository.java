package io.codexlb.adapter.postgres;

import static io.codexlb.adapter.postgres.PgValues.requiredInstant;
import static io.codexlb.adapter.postgres.PgValues.timestamp;
import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import io.codexlb.port.out.StickyPinPage;
import io.codexlb.port.out.StickySessionRepository;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The sticky pins in the {@code sticky_sessions} table, shared by every instance on the schema.
 * Keys are compared in byte order ({@code COLLATE "C"}, the UTF-8 code point order the port
 * promises) whatever the database's collation; expiries are kept to the millisecond, as the
 * embedded store keeps them.
 */
public final class PostgresStickySessionRepository implements StickySessionRepository {

  private static final String COLUMNS = "key, account_id, expires_at";

  private final Pool pool;

  /** Pins kept through {@code pool}, whose schema is migrated. */
  public PostgresStickySessionRepository(Pool pool) {
    this.pool = requireNonNull(pool, "pool");
  }

  @Override
  public CompletionStage<Optional<StickyPin>> find(StickyKey key, Instant now) {
    requireNonNull(key, "key");
    requireNonNull(now, "now");
    return pool.preparedQuery(
            "SELECT " + COLUMNS + " FROM sticky_sessions WHERE key = $1 AND expires_at > $2")
        .execute(Tuple.of(key.value(), timestamp(now)))
        .map(
            rows -> {
              Optional<StickyPin> found = Optional.empty();
              for (Row row : rows) {
                found = Optional.of(toPin(row));
              }
              return found;
            })
        .toCompletionStage();
  }

  @Override
  public CompletionStage<Void> saveAll(List<StickyPin> pins) {
    List<Tuple> tuples = new ArrayList<>();
    for (StickyPin pin : requireNonNull(pins, "pins")) {
      tuples.add(
          Tuple.of(
              pin.key().value(),
              pin.account().value(),
              timestamp(pin.expiresAt().truncatedTo(ChronoUnit.MILLIS))));
    }
    return PgStatements.batchInTransaction(
        pool,
        "INSERT INTO sticky_sessions ("
            + COLUMNS
            + ") VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET"
            + " account_id = excluded.account_id, expires_at = excluded.expires_at",
        tuples);
  }

  @Override
  public CompletionStage<StickyPinPage> list(Instant now, Optional<StickyKey> after, int limit) {
    requireNonNull(now, "now");
    requireNonNull(after, "after");
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1-" + MAX_PAGE + ")");
    }
    Tuple params = Tuple.of(timestamp(now));
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(COLUMNS)
            .append(" FROM sticky_sessions WHERE expires_at > $1");
    if (after.isPresent()) {
      params.addString(after.get().value());
      sql.append(" AND key COLLATE \"C\" > $").append(params.size());
    }
    // One more than the page, to know whether there is a next page without counting.
    params.addInteger(limit + 1);
    sql.append(" ORDER BY key COLLATE \"C\" LIMIT $").append(params.size());
    return pool.preparedQuery(sql.toString())
        .execute(params)
        .map(
            rows -> {
              List<StickyPin> fetched = new ArrayList<>();
              rows.forEach(row -> fetched.add(toPin(row)));
              return StickyPinPage.of(fetched, limit);
            })
        .toCompletionStage();
  }

  @Override
  public CompletionStage<Boolean> delete(StickyKey key) {
    requireNonNull(key, "key");
    return PgStatements.changedAny(
        pool, "DELETE FROM sticky_sessions WHERE key = $1", Tuple.of(key.value()));
  }

  @Override
  public CompletionStage<Integer> deleteByAccount(AccountId account) {
    requireNonNull(account, "account");
    return PgStatements.changedCount(
        pool, "DELETE FROM sticky_sessions WHERE account_id = $1", Tuple.of(account.value()));
  }

  @Override
  public CompletionStage<Integer> deleteExpired(Instant now) {
    requireNonNull(now, "now");
    return PgStatements.changedCount(
        pool, "DELETE FROM sticky_sessions WHERE expires_at <= $1", Tuple.of(timestamp(now)));
  }

  @Override
  public CompletionStage<Integer> deleteAll() {
    return PgStatements.changedCount(pool, "DELETE FROM sticky_sessions", Tuple.tuple());
  }

  private static StickyPin toPin(Row row) {
    return new StickyPin(
        new StickyKey(row.getString("key")),
        new AccountId(row.getString("account_id")),
        requiredInstant(row, "expires_at"));
  }
}
