package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.port.out.RequestLog;
import io.codexlb.port.out.RequestLogCursor;
import io.codexlb.port.out.RequestLogPage;
import io.codexlb.port.out.RequestLogQuery;
import io.codexlb.port.out.RequestLogRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * The request log in {@code request_logs}: batches appended in one transaction, pages read with a
 * keyset on {@code (requested_at, request_id)} so a page never shifts when entries are appended.
 */
final class SqliteRequestLogRepository implements RequestLogRepository {

  private static final String COLUMNS =
      "request_id, requested_at, api_key_id, account_id, model, status_code, error_code,"
          + " input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost_micros,"
          + " latency_ms, first_token_ms, select_ms";

  private final SqliteJdbc jdbc;

  SqliteRequestLogRepository(SqliteJdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public CompletionStage<Void> append(List<RequestLog> batch) {
    List<RequestLog> entries = List.copyOf(requireNonNull(batch, "batch"));
    return jdbc.write(
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT OR IGNORE INTO request_logs ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (RequestLog log : entries) {
              bind(insert, log);
              insert.addBatch();
            }
            insert.executeBatch();
          }
          return null;
        });
  }

  @Override
  public CompletionStage<RequestLogPage> query(RequestLogQuery query) {
    requireNonNull(query, "query");
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(COLUMNS)
            .append(" FROM request_logs WHERE requested_at >= ? AND requested_at < ?");
    List<Object> args = new ArrayList<>();
    args.add(query.from().toEpochMilli());
    args.add(query.to().toEpochMilli());
    query.apiKeyId().ifPresent(id -> filter(sql, args, "api_key_id", id.value()));
    query.accountId().ifPresent(id -> filter(sql, args, "account_id", id.value()));
    query.model().ifPresent(model -> filter(sql, args, "model", model));
    query.statusCode().ifPresent(code -> filter(sql, args, "status_code", code));
    query
        .after()
        .ifPresent(
            cursor -> {
              sql.append(" AND (requested_at < ? OR (requested_at = ? AND request_id < ?))");
              args.add(cursor.requestedAt().toEpochMilli());
              args.add(cursor.requestedAt().toEpochMilli());
              args.add(cursor.requestId());
            });
    // One more than the page: whether it exists says if there is a next page.
    sql.append(" ORDER BY requested_at DESC, request_id DESC LIMIT ?");
    args.add(query.limit() + 1);
    return jdbc.call(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
              select.setObject(i + 1, args.get(i));
            }
            List<RequestLog> entries = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                entries.add(read(rows));
              }
            }
            if (entries.size() <= query.limit()) {
              return new RequestLogPage(entries, Optional.empty());
            }
            List<RequestLog> page = entries.subList(0, query.limit());
            return new RequestLogPage(
                page, Optional.of(RequestLogCursor.after(page.get(page.size() - 1))));
          }
        });
  }

  @Override
  public CompletionStage<Long> deleteOlderThan(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    return jdbc.call(
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM request_logs WHERE requested_at < ?")) {
            delete.setLong(1, cutoff.toEpochMilli());
            return (long) delete.executeUpdate();
          }
        });
  }

  private static void filter(StringBuilder sql, List<Object> args, String column, Object value) {
    sql.append(" AND ").append(column).append(" = ?");
    args.add(value);
  }

  private static void bind(PreparedStatement insert, RequestLog log) throws SQLException {
    insert.setString(1, log.requestId());
    Columns.setInstant(insert, 2, log.requestedAt());
    insert.setString(3, log.apiKeyId().map(ApiKeyId::value).orElse(null));
    insert.setString(4, log.accountId().map(AccountId::value).orElse(null));
    insert.setString(5, log.model());
    insert.setInt(6, log.statusCode());
    insert.setString(7, log.errorCode().orElse(null));
    insert.setLong(8, log.inputTokens());
    insert.setLong(9, log.outputTokens());
    insert.setLong(10, log.cachedInputTokens());
    insert.setLong(11, log.reasoningTokens());
    insert.setLong(12, log.costMicros());
    insert.setLong(13, log.latencyMillis());
    OptionalLong firstToken = log.firstTokenMillis();
    Columns.setNullableLong(
        insert, 14, firstToken.isPresent() ? Long.valueOf(firstToken.getAsLong()) : null);
    insert.setLong(15, log.selectMillis());
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
        rows.getLong("select_ms"));
  }
}
