package io.codexlb.adapter.postgres;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Conversions between Java values and the columns the store keeps. Instants are {@code
 * timestamptz}, which holds microseconds: an instant with a finer part is truncated to the
 * microsecond when stored.
 */
final class PgValues {

  private PgValues() {}

  /** The instant as a {@code timestamptz} parameter; {@code null} stays {@code null}. */
  static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  /** The {@code timestamptz} column as an instant, or {@code null}. */
  static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }
}
