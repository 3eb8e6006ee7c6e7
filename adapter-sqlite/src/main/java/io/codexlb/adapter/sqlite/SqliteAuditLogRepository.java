package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.AuditEntry;
import io.codexlb.port.out.AuditLogRepository;
import io.codexlb.port.out.AuditQuery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/** The audit log in {@code audit_logs}; the row id is the entry's id. */
final class SqliteAuditLogRepository implements AuditLogRepository {

  private static final String COLUMNS =
      "id, created_at, actor, address, action, target_id, before_json, after_json";

  private final SqliteJdbc jdbc;

  SqliteAuditLogRepository(SqliteJdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public CompletionStage<AuditEntry> append(AuditEntry entry) {
    requireNonNull(entry, "entry");
    return jdbc.write(
        connection -> {
          Sql.update(
              connection,
              "INSERT INTO audit_logs (created_at, actor, address, action, target_id, before_json,"
                  + " after_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
              entry.at(),
              entry.actor(),
              entry.address(),
              entry.action(),
              entry.targetId().orElse(null),
              entry.before().orElse(null),
              entry.after().orElse(null));
          long id =
              Sql.first(connection, "SELECT last_insert_rowid()", rows -> rows.getLong(1))
                  .orElseThrow();
          return entry.withId(id).withAt(Instant.ofEpochMilli(entry.at().toEpochMilli()));
        });
  }

  @Override
  public CompletionStage<List<AuditEntry>> find(AuditQuery query) {
    requireNonNull(query, "query");
    List<String> where = new ArrayList<>();
    List<@Nullable Object> args = new ArrayList<>();
    query.action().ifPresent(action -> filter(where, args, "action = ?", action));
    query.since().ifPresent(since -> filter(where, args, "created_at >= ?", since));
    query.until().ifPresent(until -> filter(where, args, "created_at < ?", until));
    if (query.beforeId().isPresent()) {
      filter(where, args, "id < ?", query.beforeId().getAsLong());
    }
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM audit_logs"
            + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
            + " ORDER BY id DESC LIMIT "
            + query.limit();
    return jdbc.read(
        connection -> Sql.list(connection, sql, SqliteAuditLogRepository::entry, args.toArray()));
  }

  private static void filter(
      List<String> where, List<@Nullable Object> args, String clause, Object value) {
    where.add(clause);
    args.add(value);
  }

  private static AuditEntry entry(ResultSet rows) throws SQLException {
    return new AuditEntry(
        rows.getLong("id"),
        Columns.requiredInstant(rows, "created_at"),
        rows.getString("actor"),
        rows.getString("address"),
        rows.getString("action"),
        Optional.ofNullable(rows.getString("target_id")),
        Optional.ofNullable(rows.getString("before_json")),
        Optional.ofNullable(rows.getString("after_json")));
  }
}
