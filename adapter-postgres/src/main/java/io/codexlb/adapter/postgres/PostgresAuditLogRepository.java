package io.codexlb.adapter.postgres;

import static io.codexlb.adapter.postgres.PgValues.requiredInstant;
import static io.codexlb.adapter.postgres.PgValues.timestamp;
import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.AuditEntry;
import io.codexlb.port.out.AuditLogRepository;
import io.codexlb.port.out.AuditQuery;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** The audit log in {@code audit_logs}; a {@code BIGSERIAL} gives each entry its id. */
public final class PostgresAuditLogRepository implements AuditLogRepository {

  private static final String COLUMNS =
      "id, created_at, actor, address, action, target_id, before_json, after_json";

  private final Pool pool;

  /** The audit log kept through {@code pool}, whose schema is migrated. */
  public PostgresAuditLogRepository(Pool pool) {
    this.pool = requireNonNull(pool, "pool");
  }

  @Override
  public CompletionStage<AuditEntry> append(AuditEntry entry) {
    requireNonNull(entry, "entry");
    Instant at = Instant.ofEpochMilli(entry.at().toEpochMilli());
    return pool.preparedQuery(
            "INSERT INTO audit_logs (created_at, actor, address, action, target_id, before_json,"
                + " after_json) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
        .execute(
            Tuple.tuple()
                .addOffsetDateTime(timestamp(at))
                .addString(entry.actor())
                .addString(entry.address())
                .addString(entry.action())
                .addString(entry.targetId().orElse(null))
                .addString(entry.before().orElse(null))
                .addString(entry.after().orElse(null)))
        .map(rows -> entry.withId(rows.iterator().next().getLong("id")).withAt(at))
        .toCompletionStage();
  }

  @Override
  public CompletionStage<List<AuditEntry>> find(AuditQuery query) {
    requireNonNull(query, "query");
    List<String> where = new ArrayList<>();
    Tuple params = Tuple.tuple();
    if (query.action().isPresent()) {
      params.addString(query.action().get());
      where.add("action = $" + params.size());
    }
    if (query.since().isPresent()) {
      params.addOffsetDateTime(timestamp(query.since().get()));
      where.add("created_at >= $" + params.size());
    }
    if (query.until().isPresent()) {
      params.addOffsetDateTime(timestamp(query.until().get()));
      where.add("created_at < $" + params.size());
    }
    if (query.beforeId().isPresent()) {
      params.addLong(query.beforeId().getAsLong());
      where.add("id < $" + params.size());
    }
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM audit_logs"
            + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
            + " ORDER BY id DESC LIMIT "
            + query.limit();
    return pool.preparedQuery(sql)
        .execute(params)
        .map(
            rows -> {
              List<AuditEntry> entries = new ArrayList<>();
              rows.forEach(row -> entries.add(entry(row)));
              return List.copyOf(entries);
            })
        .toCompletionStage();
  }

  private static AuditEntry entry(Row row) {
    return new AuditEntry(
        row.getLong("id"),
        requiredInstant(row, "created_at"),
        row.getString("actor"),
        row.getString("address"),
        row.getString("action"),
        Optional.ofNullable(row.getString("target_id")),
        Optional.ofNullable(row.getString("before_json")),
        Optional.ofNullable(row.getString("after_json")));
  }
}
