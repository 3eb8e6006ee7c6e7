package io.codexlb.adapter.postgres;

import static io.codexlb.adapter.postgres.PgValues.requiredInstant;
import static io.codexlb.adapter.postgres.PgValues.timestamp;
import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LeaseSizing;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.port.out.LeaseGrant;
import io.codexlb.port.out.LeaseRequest;
import io.codexlb.port.out.LimitLeaseRepository;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Leases in {@code api_key_limit_leases}. A grant is one transaction that first locks the limit's
 * row in {@code api_key_limits} ({@code SELECT ... FOR UPDATE}), so that every lease of a limit,
 * from any instance, and every {@code addUsage} on it take turns; then, in a later statement (whose
 * snapshot, under READ COMMITTED, sees every lease committed before the lock was granted), sums the
 * unexpired leases of the current window, sizes the grant with {@link LeaseSizing} and adds it to
 * the holder's row. A grant can therefore never be sized from a stale sum: leases of one limit
 * never together exceed what it had left. One statement could not do this: its snapshot is taken
 * before it waits for the lock.
 *
 * <p>Giving back and ending leases only lower amounts, which can never take a limit past its
 * budget, so they take no lock on the limit.
 */
public final class PostgresLimitLeaseRepository implements LimitLeaseRepository {

  private static final String LOCK_LIMIT =
      "SELECT max_value, current_value, reset_at FROM api_key_limits"
          + " WHERE api_key_id = $1 AND limit_type = $2 AND limit_window = $3 FOR UPDATE";

  private static final String LIVE_LEASES =
      "SELECT holder, amount FROM api_key_limit_leases"
          + " WHERE api_key_id = $1 AND limit_type = $2 AND limit_window = $3"
          + " AND amount > 0 AND expires_at > $4 AND window_reset_at = $5";

  // A row of a passed window or an expired one starts again from the grant.
  private static final String ADD_TO_LEASE =
      "INSERT INTO api_key_limit_leases AS l (api_key_id, limit_type, limit_window, holder, amount,"
          + " window_reset_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
          + " ON CONFLICT (api_key_id, limit_type, limit_window, holder) DO UPDATE SET"
          + " amount = CASE WHEN l.window_reset_at = EXCLUDED.window_reset_at AND l.expires_at > $8"
          + " THEN l.amount + EXCLUDED.amount ELSE EXCLUDED.amount END,"
          + " window_reset_at = EXCLUDED.window_reset_at, expires_at = EXCLUDED.expires_at"
          + " RETURNING amount";

  private static final String GIVE_BACK =
      "UPDATE api_key_limit_leases SET amount = GREATEST(0, amount - $5)"
          + " WHERE api_key_id = $1 AND limit_type = $2 AND limit_window = $3 AND holder = $4"
          + " RETURNING amount";

  private static final String RENEW =
      "UPDATE api_key_limit_leases SET expires_at = $3"
          + " WHERE holder = $1 AND amount > 0 AND expires_at > $2";

  private final Pool pool;

  /** Leases kept through {@code pool}, whose schema is migrated. */
  public PostgresLimitLeaseRepository(Pool pool) {
    this.pool = requireNonNull(pool, "pool");
  }

  @Override
  public CompletionStage<Optional<LeaseGrant>> lease(LeaseRequest request) {
    requireNonNull(request, "request");
    Tuple slot =
        Tuple.of(request.key().value(), request.type().wireName(), request.window().wireName());
    return pool.withTransaction(
            connection ->
                connection
                    .preparedQuery(LOCK_LIMIT)
                    .execute(slot)
                    .compose(
                        rows ->
                            rows.iterator().hasNext()
                                ? grant(connection, request, slot, rows.iterator().next())
                                : Future.succeededFuture(Optional.<LeaseGrant>empty())))
        // withTransaction admits a null result; this transaction always ends with an Optional.
        .map(grant -> requireNonNull(grant, "grant"))
        .toCompletionStage();
  }

  private static Future<Optional<LeaseGrant>> grant(
      SqlConnection connection, LeaseRequest request, Tuple slot, Row row) {
    KeyLimit limit =
        new KeyLimit(
                request.type(),
                request.window(),
                row.getLong("max_value"),
                row.getLong("current_value"),
                requiredInstant(row, "reset_at"))
            .at(request.now());
    return connection
        .preparedQuery(LIVE_LEASES)
        .execute(
            Tuple.of(
                slot.getString(0),
                slot.getString(1),
                slot.getString(2),
                timestamp(request.now()),
                timestamp(limit.resetAt())))
        .compose(
            leases -> {
              long others = 0;
              long own = 0;
              int holders = 1;
              for (Row lease : leases) {
                if (request.holder().equals(lease.getString("holder"))) {
                  own = lease.getLong("amount");
                } else {
                  others += lease.getLong("amount");
                  holders++;
                }
              }
              long available = limit.maxValue() - limit.currentValue() - others - own;
              long granted =
                  LeaseSizing.grant(available, holders, others, request.minimum(), request.most());
              int liveHolders = holders;
              if (granted == 0) {
                return Future.succeededFuture(
                    Optional.of(new LeaseGrant(0, own, available, liveHolders, limit.resetAt())));
              }
              return connection
                  .preparedQuery(ADD_TO_LEASE)
                  .execute(
                      Tuple.tuple()
                          .addString(slot.getString(0))
                          .addString(slot.getString(1))
                          .addString(slot.getString(2))
                          .addString(request.holder())
                          .addLong(granted)
                          .addOffsetDateTime(timestamp(limit.resetAt()))
                          .addOffsetDateTime(timestamp(request.expiresAt()))
                          .addOffsetDateTime(timestamp(request.now())))
                  .map(
                      written ->
                          Optional.of(
                              new LeaseGrant(
                                  granted,
                                  written.iterator().next().getLong("amount"),
                                  available - granted,
                                  liveHolders,
                                  limit.resetAt())));
            });
  }

  @Override
  public CompletionStage<Long> giveBack(
      ApiKeyId key, LimitType type, LimitWindow window, String holder, long amount) {
    requireNonNull(key, "key");
    requireNonNull(type, "type");
    requireNonNull(window, "window");
    requireNonNull(holder, "holder");
    return pool.preparedQuery(GIVE_BACK)
        .execute(
            Tuple.of(key.value(), type.wireName(), window.wireName(), holder, Math.max(0, amount)))
        .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getLong("amount") : 0L)
        .toCompletionStage();
  }

  @Override
  public CompletionStage<Integer> renewAll(String holder, Instant now, Instant expiresAt) {
    requireNonNull(holder, "holder");
    requireNonNull(now, "now");
    requireNonNull(expiresAt, "expiresAt");
    // Changes no amount, so it takes no lock on any limit.
    return pool.preparedQuery(RENEW)
        .execute(Tuple.of(holder, timestamp(now), timestamp(expiresAt)))
        .map(rows -> rows.rowCount())
        .toCompletionStage();
  }

  @Override
  public CompletionStage<Void> endAll(String holder) {
    requireNonNull(holder, "holder");
    return pool.preparedQuery("DELETE FROM api_key_limit_leases WHERE holder = $1")
        .execute(Tuple.of(holder))
        .<Void>mapEmpty()
        .toCompletionStage();
  }
}
