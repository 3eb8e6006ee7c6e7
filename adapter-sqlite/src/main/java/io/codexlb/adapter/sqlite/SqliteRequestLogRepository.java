package io.codexlb.adapter.sqlite;

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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The request log in {@code request_logs}: batches appended in one transaction, pages read with a
 * keyset on {@code (requested_at, request_id)} so a page never shifts when entries are appended.
 */
final class SqliteRequestLogRepository implements RequestLogRepository {

  private static final String COLUMNS =
      "request_id, requested_at, api_key_id, account_id, model, status_code, error_code,"
          + " input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost_micros,"
          + " latency_ms, first_token_ms, select_ms, client_request_id";

  private final SqliteJdbc jdbc;

  SqliteRequestLogRepository(SqliteJdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public CompletionStage<Void> append(List<RequestLog> batch) {
    List<@Nullable Object[]> rows =
        requireNonNull(batch, "batch").stream().map(SqliteRequestLogRepository::row).toList();
    return jdbc.writeVoid(
        connection -> {
          Sql.batch(
              connection,
              "INSERT OR IGNORE INTO request_logs ("
                  + COLUMNS
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              rows);
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
    // Instants are epoch milliseconds, so a UTC bucket is integer division; SQLite sorts NULL
    // first, as the port asks.
    String bucket =
        query
            .bucket()
            .map(b -> "(requested_at / " + b.length().toMillis() + ") * " + b.length().toMillis())
            .orElse("NULL");
    String sql =
        "SELECT "
            + bucket
            + " AS bucket, "
            + group
            + " AS grp, COUNT(*), SUM(status_code >= 400), SUM(input_tokens), SUM(output_tokens),"
            + " SUM(cached_input_tokens), SUM(reasoning_tokens), SUM(cost_micros)"
            + " FROM request_logs WHERE requested_at >= ? AND requested_at < ?"
            + " GROUP BY bucket, grp ORDER BY bucket, grp";
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
                query.from(),
                query.to()));
  }

  @Override
  public CompletionStage<Long> deleteOlderThan(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    return jdbc.call(
        connection ->
            (long)
                Sql.update(connection, "DELETE FROM request_logs WHERE requested_at < ?", cutoff));
  }

  private static void filter(StringBuilder sql, List<Object> args, String column, Object value) {
    sql.append(" AND ").append(column).append(" = ?");
    args.add(value);
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
