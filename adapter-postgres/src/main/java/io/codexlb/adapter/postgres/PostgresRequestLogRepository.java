package io.codexlb.adapter.postgres;

import static io.codexlb.adapter.postgres.PgValues.requiredInstant;
import static io.codexlb.adapter.postgres.PgValues.timestamp;
import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.port.out.HourlyUsage;
import io.codexlb.port.out.RequestLog;
import io.codexlb.port.out.RequestLogCursor;
import io.codexlb.port.out.RequestLogPage;
import io.codexlb.port.out.RequestLogQuery;
import io.codexlb.port.out.RequestLogRepository;
import io.codexlb.port.out.UsageQuery;
import io.codexlb.port.out.UsageRange;
import io.codexlb.port.out.UsageTotals;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The request log in the {@code request_logs} table. Request ids are compared in byte order ({@code
 * COLLATE "C"}), so the page order and the cursor agree whatever the database's collation. Usage is
 * added up from hourly rollups in {@code request_usage_hourly}, kept in the same transactions as
 * the logs, plus the logs of a range's ragged ends.
 */
public final class PostgresRequestLogRepository implements RequestLogRepository {

  private static final String COLUMNS =
      "request_id, requested_at, api_key_id, account_id, model, status_code, error_code,"
          + " input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost_micros,"
          + " latency_millis, first_token_millis, select_millis, client_request_id";

  // Adds one append's hourly sums to the rollups (HourlyUsage describes the rows).
  private static final String ADD_TO_ROLLUP =
      "INSERT INTO request_usage_hourly AS r (dimension, hour_start, grp, requests, errors,"
          + " input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost_micros)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
          + " ON CONFLICT (dimension, hour_start, grp) DO UPDATE SET"
          + " requests = r.requests + excluded.requests, errors = r.errors + excluded.errors,"
          + " input_tokens = r.input_tokens + excluded.input_tokens,"
          + " output_tokens = r.output_tokens + excluded.output_tokens,"
          + " cached_input_tokens = r.cached_input_tokens + excluded.cached_input_tokens,"
          + " reasoning_tokens = r.reasoning_tokens + excluded.reasoning_tokens,"
          + " cost_micros = r.cost_micros + excluded.cost_micros";

  // Adds up one hour ($1, from $2 to $3) again from its logs, after a purge cut it.
  private static final String RECOUNT_HOUR =
      "INSERT INTO request_usage_hourly"
          + " SELECT d.dimension, $1::bigint, d.grp, COUNT(*),"
          + " COUNT(*) FILTER (WHERE l.status_code >= 400), SUM(l.input_tokens),"
          + " SUM(l.output_tokens), SUM(l.cached_input_tokens), SUM(l.reasoning_tokens),"
          + " SUM(l.cost_micros) FROM request_logs l CROSS JOIN LATERAL (VALUES"
          + " ('api_key', COALESCE(l.api_key_id, '')), ('account', COALESCE(l.account_id, '')),"
          + " ('model', l.model)) AS d (dimension, grp)"
          + " WHERE l.requested_at >= $2 AND l.requested_at < $3 GROUP BY d.dimension, d.grp";

  private final Pool pool;

  /** Logs kept through {@code pool}, whose schema is migrated. */
  public PostgresRequestLogRepository(Pool pool) {
    this.pool = requireNonNull(pool, "pool");
  }

  @Override
  public CompletionStage<Void> append(List<RequestLog> batch) {
    List<RequestLog> logs = List.copyOf(requireNonNull(batch, "batch"));
    if (logs.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<Tuple> tuples = new ArrayList<>(logs.size());
    logs.forEach(log -> tuples.add(toTuple(log)));
    return pool.withTransaction(
            connection ->
                connection
                    .preparedQuery(
                        "INSERT INTO request_logs ("
                            + COLUMNS
                            + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,"
                            + " $14, $15, $16) ON CONFLICT (request_id) DO NOTHING"
                            + " RETURNING request_id")
                    .executeBatch(tuples)
                    .compose(
                        inserted -> {
                          // Only the logs this batch added count in the rollups: a request id
                          // already logged (a retried batch, or another instance's) returned no
                          // row and must not be counted twice. Same transaction, so the rollups
                          // hold exactly what request_logs holds, whatever fails.
                          List<RequestLog> added = new ArrayList<>(logs.size());
                          RowSet<Row> result = inserted;
                          for (int i = 0; i < logs.size() && result != null; i++) {
                            if (result.rowCount() > 0) {
                              added.add(logs.get(i));
                            }
                            result = result.next();
                          }
                          // Sorted (HourlyUsage.ORDER), so concurrent appends lock rollup rows in
                          // one order and cannot deadlock.
                          List<Tuple> rollups =
                              HourlyUsage.of(added).stream()
                                  .map(PostgresRequestLogRepository::rollupTuple)
                                  .toList();
                          if (rollups.isEmpty()) {
                            return Future.succeededFuture();
                          }
                          return connection
                              .preparedQuery(ADD_TO_ROLLUP)
                              .executeBatch(rollups)
                              .<Void>mapEmpty();
                        }))
        .toCompletionStage();
  }

  @Override
  public CompletionStage<RequestLogPage> query(RequestLogQuery query) {
    requireNonNull(query, "query");
    Tuple params = Tuple.of(timestamp(query.from()), timestamp(query.to()));
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(COLUMNS)
            .append(" FROM request_logs WHERE requested_at >= $1 AND requested_at < $2");
    query.apiKeyId().ifPresent(id -> filter(sql, params, "api_key_id", id.value()));
    query.accountId().ifPresent(id -> filter(sql, params, "account_id", id.value()));
    query.model().ifPresent(model -> filter(sql, params, "model", model));
    if (query.statusCode().isPresent()) {
      filter(sql, params, "status_code", query.statusCode().getAsInt());
    }
    query.clientRequestId().ifPresent(id -> filter(sql, params, "client_request_id", id));
    query.errorCode().ifPresent(code -> filter(sql, params, "error_code", code));
    query
        .requestId()
        .ifPresent(
            id -> {
              // The server's id or the client's: whichever the operator holds.
              params.addValue(id);
              sql.append(" AND (request_id = $")
                  .append(params.size())
                  .append(" OR client_request_id = $")
                  .append(params.size())
                  .append(")");
            });
    if (query.after().isPresent()) {
      RequestLogCursor cursor = query.after().get();
      params.addOffsetDateTime(timestamp(cursor.requestedAt()));
      int at = params.size();
      params.addString(cursor.requestId());
      sql.append(" AND (requested_at < $")
          .append(at)
          .append(" OR (requested_at = $")
          .append(at)
          .append(" AND request_id COLLATE \"C\" < $")
          .append(at + 1)
          .append("))");
    }
    // One more than the page, to know whether there is a next page without counting.
    params.addInteger(query.limit() + 1);
    sql.append(" ORDER BY requested_at DESC, request_id COLLATE \"C\" DESC LIMIT $")
        .append(params.size());
    return pool.preparedQuery(sql.toString())
        .execute(params)
        .map(
            rows -> {
              List<RequestLog> entries = new ArrayList<>();
              rows.forEach(row -> entries.add(toLog(row)));
              if (entries.size() <= query.limit()) {
                return new RequestLogPage(entries, Optional.empty());
              }
              List<RequestLog> page = entries.subList(0, query.limit());
              return new RequestLogPage(
                  page, Optional.of(RequestLogCursor.after(page.get(page.size() - 1))));
            })
        .toCompletionStage();
  }

  @Override
  public CompletionStage<List<UsageTotals>> usage(UsageQuery query) {
    requireNonNull(query, "query");
    String group =
        switch (query.groupBy()) {
          case API_KEY -> "api_key_id";
          case ACCOUNT -> "account_id";
          case MODEL -> "model";
        };
    // The rollups hold '' for "no key" or "no account"; a model is never missing.
    String rollupGroup = query.groupBy() == UsageQuery.Group.MODEL ? "grp" : "NULLIF(grp, '')";
    // Whole hours come from the hourly rollups, the ragged ends (under an hour each) from the logs
    // themselves: the totals of adding up every log, reading a few rows per hour. One statement,
    // so both parts come from one snapshot.
    UsageRange range = UsageRange.of(query.from(), query.to());
    List<String> parts = new ArrayList<>();
    Tuple params = Tuple.tuple();
    if (range.hasWholeHours()) {
      params.addString(HourlyUsage.dimensionName(query.groupBy()));
      params.addLong(range.firstHour());
      params.addLong(range.endHour());
      parts.add(
          "SELECT "
              + bucket(query, "hour_start")
              + " AS bucket, "
              + rollupGroup
              + " AS grp, requests, errors, input_tokens, output_tokens, cached_input_tokens,"
              + " reasoning_tokens, cost_micros FROM request_usage_hourly"
              + " WHERE dimension = $1 AND hour_start >= $2 AND hour_start < $3");
    }
    for (UsageRange.Edge edge : range.rawEdges()) {
      params.addOffsetDateTime(timestamp(edge.from()));
      params.addOffsetDateTime(timestamp(edge.to()));
      parts.add(
          "SELECT "
              + bucket(query, "(floor(extract(epoch FROM requested_at) * 1000)::bigint)")
              + " AS bucket, "
              + group
              + " COLLATE \"C\" AS grp, 1::bigint AS requests,"
              + " (status_code >= 400)::int::bigint AS errors,"
              + " input_tokens, output_tokens, cached_input_tokens, reasoning_tokens,"
              + " cost_micros FROM request_logs WHERE requested_at >= $"
              + (params.size() - 1)
              + " AND requested_at < $"
              + params.size());
    }
    if (parts.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    String sql =
        "SELECT bucket, grp, SUM(requests)::bigint AS requests, SUM(errors)::bigint AS errors,"
            + " SUM(input_tokens)::bigint AS input, SUM(output_tokens)::bigint AS output,"
            + " SUM(cached_input_tokens)::bigint AS cached,"
            + " SUM(reasoning_tokens)::bigint AS reasoning, SUM(cost_micros)::bigint AS cost"
            + " FROM ("
            + String.join(" UNION ALL ", parts)
            + ") AS parts GROUP BY bucket, grp ORDER BY bucket, grp COLLATE \"C\" NULLS FIRST";
    boolean bucketed = query.bucket().isPresent();
    return pool.preparedQuery(sql)
        .execute(params)
        .map(
            rows -> {
              List<UsageTotals> totals = new ArrayList<>();
              rows.forEach(
                  row ->
                      totals.add(
                          new UsageTotals(
                              bucketed
                                  ? Optional.of(Instant.ofEpochMilli(row.getLong("bucket")))
                                  : Optional.empty(),
                              Optional.ofNullable(row.getString("grp")),
                              row.getLong("requests"),
                              row.getLong("errors"),
                              row.getLong("input"),
                              row.getLong("output"),
                              row.getLong("cached"),
                              row.getLong("reasoning"),
                              row.getLong("cost"))));
              return totals;
            })
        .toCompletionStage();
  }

  /**
   * The start of the bucket holding {@code millis} (a bigint expression of epoch milliseconds), as
   * epoch milliseconds of whole UTC hours or days like the SQLite store's; floored also before
   * 1970, where integer division rounds towards zero; NULL without buckets.
   */
  private static String bucket(UsageQuery query, String millis) {
    return query
        .bucket()
        .map(
            b -> {
              long length = b.length().toMillis();
              return "(" + millis + " - ((" + millis + " % " + length + ") + " + length + ") % "
                  + length + ")";
            })
        .orElse("NULL::bigint");
  }

  private static void filter(StringBuilder sql, Tuple params, String column, Object value) {
    params.addValue(value);
    sql.append(" AND ").append(column).append(" = $").append(params.size());
  }

  @Override
  public CompletionStage<Long> deleteOlderThan(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    long cutHour = HourlyUsage.hourOf(cutoff);
    // Recomputing the cutoff's hour is always exact; it is only needed when the cutoff is inside
    // it.
    boolean partial = !Instant.ofEpochMilli(cutHour).equals(cutoff);
    return pool.withTransaction(
            connection ->
                // Appends wait while the purge runs (and it waits for those in flight), so a log
                // appended meanwhile cannot be counted in a rollup the purge removes, or the
                // reverse: the rollups keep holding exactly the logs left. Reads do not wait.
                connection
                    .query("LOCK TABLE request_usage_hourly IN SHARE ROW EXCLUSIVE MODE")
                    .execute()
                    .compose(
                        locked ->
                            connection
                                .preparedQuery("DELETE FROM request_logs WHERE requested_at < $1")
                                .execute(Tuple.of(timestamp(cutoff))))
                    .compose(
                        deleted ->
                            connection
                                .preparedQuery(
                                    "DELETE FROM request_usage_hourly WHERE hour_start < $1")
                                .execute(
                                    Tuple.of(partial ? cutHour + HourlyUsage.HOUR_MILLIS : cutHour))
                                .compose(
                                    dropped ->
                                        partial
                                            ? connection
                                                .preparedQuery(RECOUNT_HOUR)
                                                .execute(
                                                    Tuple.of(
                                                        cutHour,
                                                        timestamp(Instant.ofEpochMilli(cutHour)),
                                                        timestamp(
                                                            Instant.ofEpochMilli(
                                                                cutHour
                                                                    + HourlyUsage.HOUR_MILLIS))))
                                                .map(recounted -> (long) deleted.rowCount())
                                            : Future.succeededFuture((long) deleted.rowCount()))))
        .toCompletionStage();
  }

  private static Tuple rollupTuple(HourlyUsage usage) {
    return Tuple.tuple()
        .addString(HourlyUsage.dimensionName(usage.dimension()))
        .addLong(usage.hourStart())
        .addString(usage.group())
        .addLong(usage.requests())
        .addLong(usage.errors())
        .addLong(usage.inputTokens())
        .addLong(usage.outputTokens())
        .addLong(usage.cachedInputTokens())
        .addLong(usage.reasoningTokens())
        .addLong(usage.costMicros());
  }

  private static Tuple toTuple(RequestLog log) {
    return Tuple.tuple()
        .addString(log.requestId())
        .addOffsetDateTime(timestamp(log.requestedAt()))
        .addString(log.apiKeyId().map(ApiKeyId::value).orElse(null))
        .addString(log.accountId().map(AccountId::value).orElse(null))
        .addString(log.model())
        .addInteger(log.statusCode())
        .addString(log.errorCode().orElse(null))
        .addLong(log.inputTokens())
        .addLong(log.outputTokens())
        .addLong(log.cachedInputTokens())
        .addLong(log.reasoningTokens())
        .addLong(log.costMicros())
        .addLong(log.latencyMillis())
        .addLong(log.firstTokenMillis().isPresent() ? log.firstTokenMillis().getAsLong() : null)
        .addLong(log.selectMillis())
        .addString(log.clientRequestId().orElse(null));
  }

  private static RequestLog toLog(Row row) {
    Long firstToken = row.getLong("first_token_millis");
    return new RequestLog(
        row.getString("request_id"),
        requiredInstant(row, "requested_at"),
        Optional.ofNullable(row.getString("api_key_id")).map(ApiKeyId::new),
        Optional.ofNullable(row.getString("account_id")).map(AccountId::new),
        row.getString("model"),
        row.getInteger("status_code"),
        Optional.ofNullable(row.getString("error_code")),
        row.getLong("input_tokens"),
        row.getLong("output_tokens"),
        row.getLong("cached_input_tokens"),
        row.getLong("reasoning_tokens"),
        row.getLong("cost_micros"),
        row.getLong("latency_millis"),
        firstToken == null ? OptionalLong.empty() : OptionalLong.of(firstToken),
        row.getLong("select_millis"),
        Optional.ofNullable(row.getString("client_request_id")));
  }
}
