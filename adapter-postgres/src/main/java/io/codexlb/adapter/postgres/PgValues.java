package io.codexlb.adapter.postgres;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * Conversions between Java values and the columns the store keeps. Instants are {@code
 * timestamptz}, which holds microseconds: an instant with a finer part is truncated to the
 * microsecond when stored.
 */
final class PgValues {

  private PgValues() {}

  /** The instant as a {@code timestamptz} parameter; {@code null} stays {@code null}. */
  static @Nullable OffsetDateTime timestamp(@Nullable Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  /** The {@code timestamptz} column as an instant, or {@code null}. */
  static @Nullable Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  /**
   * The {@code timestamptz} column as an instant, for a column the schema declares {@code NOT
   * NULL}, or whose row holds a value whenever this is read.
   *
   * @throws IllegalStateException if the column is null: a store changed behind this code
   */
  static Instant requiredInstant(Row row, String column) {
    Instant value = instant(row, column);
    if (value == null) {
      throw new IllegalStateException("column " + column + " is null (expected: a stored value)");
    }
    return value;
  }
}
