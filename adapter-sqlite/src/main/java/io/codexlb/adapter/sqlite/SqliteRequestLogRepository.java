package io.codexlb.adapter.sqlite;

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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The request log in {@code request_logs}: batches appended in one transaction, pages read with a
 * keyset on {@code (requested_at, request_id)} so a page never shifts when entries are appended.
 * Usage is added up from hourly rollups in {@code request_usage_hourly}, kept in the same
 * transactions as the logs, plus the logs of a range's ragged ends.
 */
final class SqliteRequestLogRepository implements RequestLogRepository {

  private static final String COLUMNS =
      "request_id, requested_at, api_key_id, account_id, model, status_code, error_code,"
          + " input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost_micros,"
          + " latency_ms, first_token_ms, select_ms, client_request_id";

  // Adds one append's hourly sums to the rollups (HourlyUsage describes the rows).
  private static final String ADD_TO_ROLLUP =
      "INSERT INTO request_usage_hourly (dimension, hour_start, grp, requests, errors,"
          + " input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost_micros)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (dimension, hour_start, grp) DO UPDATE SET"
          + " requests = requests + excluded.requests, errors = errors + excluded.errors,"
          + " input_tokens = input_tokens + excluded.input_tokens,"
          + " output_tokens = output_tokens + excluded.output_tokens,"
          + " cached_input_tokens = cached_input_tokens + excluded.cached_input_tokens,"
          + " reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,"
          + " cost_micros = cost_micros + excluded.cost_micros";

  private final SqliteJdbc jdbc;

  SqliteRequestLogRepository(SqliteJdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public CompletionStage<Void> append(List<RequestLog> batch) {
    List<RequestLog> logs = List.copyOf(requireNonNull(batch, "batch"));
    List<@Nullable Object[]> rows = logs.stream().map(SqliteRequestLogRepository::row).toList();
    return jdbc.writeVoid(
        connection -> {
          int[] inserted =
              Sql.batchCounts(
                  connection,
                  "INSERT OR IGNORE INTO request_logs ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  rows);
          // Only the logs this batch added count in the rollups: a request id already logged (a
          // retried batch) was skipped above and must not be counted twice. Same transaction, so
          // the rollups hold exactly what request_logs holds, whatever fails.
          List<RequestLog> added = new ArrayList<>(logs.size());
          for (int i = 0; i < inserted.length; i++) {
            if (inserted[i] != 0) {
              added.add(logs.get(i));
            }
          }
          Sql.batch(
              connection,
              ADD_TO_ROLLUP,
              HourlyUsage.of(added).stream().map(SqliteRequestLogRepository::rollupRow).toList());
        });
  }

  @Override
  public CompletionStage<RequestLogPage> query(RequestLogQuery query) {
    requireNonNull(query, "query");
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(COLUMNS)
            .append(" FROM request_logs WHERE requested_at >= ? AND requested_at < ?");
    List<Object> args = new ArrayList<>(List.of(query.from(), query.to()));
    query.apiKeyId().ifPresent(id -> filter(sql, args, "api_key_id", id.value()));
    query.accountId().ifPresent(id -> filter(sql, args, "account_id", id.value()));
    query.model().ifPresent(model -> filter(sql, args, "model", model));
    query.statusCode().ifPresent(code -> filter(sql, args, "status_code", code));
    query.clientRequestId().ifPresent(id -> filter(sql, args, "client_request_id", id));
    query.errorCode().ifPresent(code -> filter(sql, args, "error_code", code));
    query
        .requestId()
        .ifPresent(
            id -> {
              // The server's id or the client's: whichever the operator holds.
              sql.append(" AND (request_id = ? OR client_request_id = ?)");
              args.add(id);
              args.add(id);
            });
    query
        .after()
        .ifPresent(
            cursor -> {
              sql.append(" AND (requested_at < ? OR (requested_at = ? AND request_id < ?))");
              args.addAll(List.of(cursor.requestedAt(), cursor.requestedAt(), cursor.requestId()));
            });
    // One more than the page: whether it exists says if there is a next page.
    sql.append(" ORDER BY requested_at DESC, request_id DESC LIMIT ?");
    args.add(query.limit() + 1);
    return jdbc.call(
        connection -> {
          List<RequestLog> entries =
              Sql.list(
                  connection, sql.toString(), SqliteRequestLogRepository::read, args.toArray());
          if (entries.size() <= query.limit()) {
            return new RequestLogPage(entries, Optional.empty());
          }
          List<RequestLog> page = entries.subList(0, query.limit());
          return new RequestLogPage(
              page, Optional.of(RequestLogCursor.after(page.get(page.size() - 1))));
        });
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
    // themselves: the totals of adding up every log, reading a few rows per hour.
    UsageRange range = UsageRange.of(query.from(), query.to());
    List<String> parts = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    if (range.hasWholeHours()) {
      parts.add(
          "SELECT "
              + bucket(query, "hour_start")
              + " AS bucket, "
              + rollupGroup
              + " AS grp, requests, errors, input_tokens, output_tokens, cached_input_tokens,"
              + " reasoning_tokens, cost_micros FROM request_usage_hourly"
              + " WHERE dimension = ? AND hour_start >= ? AND hour_start < ?");
      args.add(HourlyUsage.dimensionName(query.groupBy()));
      args.add(range.firstHour());
      args.add(range.endHour());
    }
    for (UsageRange.Edge edge : range.rawEdges()) {
      parts.add(
          "SELECT "
              + bucket(query, "requested_at")
              + " AS bucket, "
              + group
              + " AS grp, 1 AS requests, status_code >= 400 AS errors, input_tokens, output_tokens,"
              + " cached_input_tokens, reasoning_tokens, cost_micros FROM request_logs"
              + " WHERE requested_at >= ? AND requested_at < ?");
      args.add(edge.from());
      args.add(edge.to());
    }
    if (parts.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    // SQLite sorts NULL first, as the port asks.
    String sql =
        "SELECT bucket, grp, SUM(requests), SUM(errors), SUM(input_tokens), SUM(output_tokens),"
            + " SUM(cached_input_tokens), SUM(reasoning_tokens), SUM(cost_micros) FROM ("
            + String.join(" UNION ALL ", parts)
            + ") GROUP BY bucket, grp ORDER BY bucket, grp";
    boolean bucketed = query.bucket().isPresent();
    return jdbc.call(
        connection ->
            Sql.list(
                connection,
                sql,
                rows ->
                    new UsageTotals(
                        bucketed
                            ? Optional.of(Instant.ofEpochMilli(rows.getLong(1)))
                            : Optional.empty(),
                        Optional.ofNullable(rows.getString(2)),
                        rows.getLong(3),
                        rows.getLong(4),
                        rows.getLong(5),
                        rows.getLong(6),
                        rows.getLong(7),
                        rows.getLong(8),
                        rows.getLong(9)),
                args.toArray()));
  }

  /**
   * The start of the bucket holding {@code millis} (a column of epoch milliseconds), floored also
   * before 1970, where SQLite's integer division rounds towards zero; NULL without buckets.
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
        .orElse("NULL");
  }

  @Override
  public CompletionStage<Long> deleteOlderThan(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    // Instants are kept as epoch milliseconds, so the logs deleted are those before this one.
    long cutoffMillis = cutoff.toEpochMilli();
    long cutHour = HourlyUsage.hourOf(cutoff);
    // One transaction: the logs go, and the rollups keep holding exactly the logs left. Hours
    // wholly before the cutoff lose their rollups; the hour the cutoff falls inside (when it is
    // not on an hour) is added up again from its remaining logs.
    boolean partial = cutoffMillis != cutHour;
    return jdbc.write(
        connection -> {
          long deleted =
              Sql.update(connection, "DELETE FROM request_logs WHERE requested_at < ?", cutoff);
          Sql.update(
              connection,
              "DELETE FROM request_usage_hourly WHERE hour_start < ?",
              partial ? cutHour + HourlyUsage.HOUR_MILLIS : cutHour);
          if (partial) {
            for (UsageQuery.Group dimension : UsageQuery.Group.values()) {
              String column =
                  switch (dimension) {
                    case API_KEY -> "COALESCE(api_key_id, '')";
                    case ACCOUNT -> "COALESCE(account_id, '')";
                    case MODEL -> "model";
                  };
              Sql.update(
                  connection,
                  "INSERT INTO request_usage_hourly SELECT ?, ?, "
                      + column
                      + ", COUNT(*), SUM(status_code >= 400), SUM(input_tokens),"
                      + " SUM(output_tokens), SUM(cached_input_tokens), SUM(reasoning_tokens),"
                      + " SUM(cost_micros) FROM request_logs"
                      + " WHERE requested_at >= ? AND requested_at < ? GROUP BY 3",
                  HourlyUsage.dimensionName(dimension),
                  cutHour,
                  cutHour,
                  cutHour + HourlyUsage.HOUR_MILLIS);
            }
          }
          return deleted;
        });
  }

  private static void filter(StringBuilder sql, List<Object> args, String column, Object value) {
    sql.append(" AND ").append(column).append(" = ?");
    args.add(value);
  }

  private static @Nullable Object[] rollupRow(HourlyUsage usage) {
    return new Object[] {
      HourlyUsage.dimensionName(usage.dimension()),
      usage.hourStart(),
      usage.group(),
      usage.requests(),
      usage.errors(),
      usage.inputTokens(),
      usage.outputTokens(),
      usage.cachedInputTokens(),
      usage.reasoningTokens(),
      usage.costMicros()
    };
  }

  private static @Nullable Object[] row(RequestLog log) {
    OptionalLong firstToken = log.firstTokenMillis();
    return new Object[] {
      log.requestId(),
      log.requestedAt(),
      log.apiKeyId().map(ApiKeyId::value).orElse(null),
      log.accountId().map(AccountId::value).orElse(null),
      log.model(),
      log.statusCode(),
      log.errorCode().orElse(null),
      log.inputTokens(),
      log.outputTokens(),
      log.cachedInputTokens(),
      log.reasoningTokens(),
      log.costMicros(),
      log.latencyMillis(),
      firstToken.isPresent() ? firstToken.getAsLong() : null,
      log.selectMillis(),
      log.clientRequestId().orElse(null)
    };
  }

  private static RequestLog read(ResultSet rows) throws SQLException {
    Long firstToken = Columns.nullableLong(rows, "first_token_ms");
    return new RequestLog(
        rows.getString("request_id"),
        Columns.requiredInstant(rows, "requested_at"),
        Optional.ofNullable(rows.getString("api_key_id")).map(ApiKeyId::new),
        Optional.ofNullable(rows.getString("account_id")).map(AccountId::new),
        rows.getString("model"),
        rows.getInt("status_code"),
        Optional.ofNullable(rows.getString("error_code")),
        rows.getLong("input_tokens"),
        rows.getLong("output_tokens"),
        rows.getLong("cached_input_tokens"),
        rows.getLong("reasoning_tokens"),
        rows.getLong("cost_micros"),
        rows.getLong("latency_ms"),
        firstToken == null ? OptionalLong.empty() : OptionalLong.of(firstToken),
        rows.getLong("select_ms"),
        Optional.ofNullable(rows.getString("client_request_id")));
  }
}
