package io.codexlb.adapter.postgres;

import static io.codexlb.adapter.postgres.PgValues.requiredInstant;
import static io.codexlb.adapter.postgres.PgValues.timestamp;
import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import io.codexlb.port.out.StickySessionRepository;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Sticky-session pins in the {@code sticky_sessions} table, one row per key. */
public final class PostgresStickySessionRepository implements StickySessionRepository {

  private final Pool pool;

  /** Pins kept through {@code pool}, whose schema is migrated. */
  public PostgresStickySessionRepository(Pool pool) {
    this.pool = requireNonNull(pool, "pool");
  }

  @Override
  public CompletionStage<Void> put(StickyPin pin) {
    requireNonNull(pin, "pin");
    return PgStatements.execute(
        pool,
        "INSERT INTO sticky_sessions (key, account_id, expires_at) VALUES ($1, $2, $3)"
            + " ON CONFLICT (key) DO UPDATE SET account_id = EXCLUDED.account_id,"
            + " expires_at = EXCLUDED.expires_at",
        Tuple.of(pin.key().value(), pin.account().value(), timestamp(pin.expiresAt())));
  }

  @Override
  public CompletionStage<List<StickyPin>> findLive(Instant now) {
    requireNonNull(now, "now");
    return pool.preparedQuery(
            "SELECT key, account_id, expires_at FROM sticky_sessions WHERE expires_at > $1")
        .execute(Tuple.of(timestamp(now)))
        .map(
            rows -> {
              List<StickyPin> pins = new ArrayList<>();
              rows.forEach(
                  row ->
                      pins.add(
                          new StickyPin(
                              new StickyKey(row.getString("key")),
                              new AccountId(row.getString("account_id")),
                              requiredInstant(row, "expires_at"))));
              // Java's order, not the database collation's.
              pins.sort(Comparator.comparing(pin -> pin.key().value()));
              return pins;
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
  public CompletionStage<Integer> deleteForAccount(AccountId account) {
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
}
