package io.codexlb.adapter.postgres;

import static io.codexlb.adapter.postgres.PgValues.requiredInstant;
import static io.codexlb.adapter.postgres.PgValues.timestamp;
import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.port.out.RequestLog;
import io.codexlb.port.out.RequestLogCursor;
import io.codexlb.port.out.RequestLogPage;
import io.codexlb.port.out.RequestLogQuery;
import io.codexlb.port.out.RequestLogRepository;
import io.codexlb.port.out.UsageQuery;
import io.codexlb.port.out.UsageTotals;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * The request log in the {@code request_logs} table. Request ids are compared in byte order ({@code
 * COLLATE "C"}), so the page order and the cursor agree whatever the database's collation.
 */
public final class PostgresRequestLogRepository implements RequestLogRepository {

  private static final String COLUMNS =
      "request_id, requested_at, api_key_id, account_id, model, status_code, error_code,"
          + " input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost_micros,"
          + " latency_millis, first_token_millis, select_millis, client_request_id";

  private final Pool pool;

  /** Logs kept through {@code pool}, whose schema is migrated. */
  public PostgresRequestLogRepository(Pool pool) {
    this.pool = requireNonNull(pool, "pool");
  }

  @Override
  public CompletionStage<Void> append(List<RequestLog> batch) {
    requireNonNull(batch, "batch");

    List<Tuple> tuples = new ArrayList<>();
    batch.forEach(log -> tuples.add(toTuple(requireNonNull(log, "batch element"))));
    return PgStatements.batchInTransaction(
        pool,
        "INSERT INTO request_logs ("
            + COLUMNS
            + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
            + " ON CONFLICT (request_id) DO NOTHING",
        tuples);
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
    // Buckets as epoch milliseconds of whole UTC hours or days, like the SQLite store's.
    String bucket =
        query
            .bucket()
            .map(
                b ->
                    "(floor(extract(epoch FROM requested_at) * 1000 / "
                        + b.length().toMillis()
                        + ")::bigint * "
                        + b.length().toMillis()
                        + ")")
            .orElse("NULL::bigint");
    String sql =
        "SELECT "
            + bucket
            + " AS bucket, "
            + group
            + " AS grp, COUNT(*) AS requests,"
            + " COUNT(*) FILTER (WHERE status_code >= 400) AS errors,"
            + " SUM(input_tokens)::bigint AS input, SUM(output_tokens)::bigint AS output,"
            + " SUM(cached_input_tokens)::bigint AS cached,"
            + " SUM(reasoning_tokens)::bigint AS reasoning, SUM(cost_micros)::bigint AS cost"
            + " FROM request_logs WHERE requested_at >= $1 AND requested_at < $2"
            + " GROUP BY 1, 2 ORDER BY 1, "
            + group
            + " COLLATE \"C\" NULLS FIRST";
    boolean bucketed = query.bucket().isPresent();
    return pool.preparedQuery(sql)
        .execute(Tuple.of(timestamp(query.from()), timestamp(query.to())))
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

  private static void filter(StringBuilder sql, Tuple params, String column, Object value) {
    params.addValue(value);
    sql.append(" AND ").append(column).append(" = $").append(params.size());
  }

  @Override
  public CompletionStage<Long> deleteOlderThan(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    return PgStatements.changedCount(
            pool, "DELETE FROM request_logs WHERE requested_at < $1", Tuple.of(timestamp(cutoff)))
        .thenApply(Integer::longValue);
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
