package io.codexlb.adapter.postgres;

import static io.codexlb.adapter.postgres.PgValues.timestamp;
import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.Account;
import io.codexlb.port.out.AccountRow;
import io.codexlb.port.out.ObservedAccountStates;
import io.vertx.sqlclient.Tuple;
import java.lang.reflect.Array;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The columns of what requests observe of an account, {@code status} to {@code last_error_at}: how
 * they bind for one account, and the statement that writes many accounts' at once.
 */
final class AccountStateColumns {

  /** A column, its SQL type and the Java type it binds as. */
  private record Column(String name, String sqlType, Class<?> javaType) {}

  /** In the accounts table's order, which {@link #values} follows. */
  private static final List<Column> COLUMNS =
      List.of(
          new Column("status", "text", String.class),
          new Column("status_until", "timestamptz", OffsetDateTime.class),
          new Column("status_reason", "text", String.class),
          new Column("usage_reported", "boolean", Boolean.class),
          new Column("primary_used_percent", "float8", Double.class),
          new Column("primary_resets_at", "timestamptz", OffsetDateTime.class),
          new Column("primary_length_seconds", "int8", Long.class),
          new Column("secondary_used_percent", "float8", Double.class),
          new Column("secondary_resets_at", "timestamptz", OffsetDateTime.class),
          new Column("secondary_length_seconds", "int8", Long.class),
          new Column("credits_has", "boolean", Boolean.class),
          new Column("credits_unlimited", "boolean", Boolean.class),
          new Column("credits_balance", "float8", Double.class),
          new Column("error_count", "int4", Integer.class),
          new Column("last_error_at", "timestamptz", OffsetDateTime.class));

  /**
   * Writes every account given to {@link #params} in one statement, one round trip: each column
   * arrives as one array ({@code $1} the ids). The stored status is checked by the UPDATE itself,
   * and a pause that commits while the row is locked is checked again on the new row version, so a
   * pause is never undone.
   */
  static final String SAVE_STATES =
      "UPDATE accounts AS a SET "
          + COLUMNS.stream()
              .map(column -> column.name() + " = s." + column.name())
              .collect(Collectors.joining(", "))
          + " FROM unnest($1::text[], "
          + IntStream.range(0, COLUMNS.size())
              .mapToObj(i -> "$" + (i + 2) + "::" + COLUMNS.get(i).sqlType() + "[]")
              .collect(Collectors.joining(", "))
          + ") AS s(id, "
          + COLUMNS.stream().map(Column::name).collect(Collectors.joining(", "))
          + ") WHERE a.id = s.id AND a.status IN ("
          + ObservedAccountStates.STATUSES.stream()
              .sorted()
              .map(status -> "'" + status.wireName() + "'")
              .collect(Collectors.joining(", "))
          + ")";

  private AccountStateColumns() {}

  /** The row's values of these columns, in the table's order and of the types they bind as. */
  static Object[] values(AccountRow row) {
    AccountRow.Window primary = row.primary();
    AccountRow.Window secondary = row.secondary();
    return new Object[] {
      row.status(),
      timestamp(row.statusUntil()),
      row.statusReason(),
      row.usageReported(),
      primary == null ? null : primary.usedPercent(),
      primary == null ? null : timestamp(primary.resetsAt()),
      primary == null ? null : primary.lengthSeconds(),
      secondary == null ? null : secondary.usedPercent(),
      secondary == null ? null : timestamp(secondary.resetsAt()),
      secondary == null ? null : secondary.lengthSeconds(),
      row.creditsHas(),
      row.creditsUnlimited(),
      row.creditsBalance(),
      row.errorCount(),
      timestamp(row.lastErrorAt())
    };
  }

  /**
   * The parameters of {@link #SAVE_STATES} for these accounts, or empty when there are none.
   *
   * @throws IllegalArgumentException if an account has a status no request observes, or an id
   *     appears twice
   */
  static Optional<Tuple> params(List<Account> accounts) {
    requireNonNull(accounts, "accounts");
    ObservedAccountStates.check(accounts);
    if (accounts.isEmpty()) {
      return Optional.empty();
    }
    // Sorted so that two instances writing the same accounts tend to lock them in the same order.
    List<Account> sorted = new ArrayList<>(accounts);
    sorted.sort(Comparator.comparing(account -> account.id().value()));
    String[] ids = new String[sorted.size()];
    List<Object[]> arrays = new ArrayList<>();
    for (Column column : COLUMNS) {
      // Typed arrays: the client binds a timestamptz[] from an OffsetDateTime[], not an Object[].
      arrays.add((Object[]) Array.newInstance(column.javaType(), sorted.size()));
    }
    for (int i = 0; i < sorted.size(); i++) {
      ids[i] = sorted.get(i).id().value();
      Object[] values = values(AccountRow.of(sorted.get(i)));
      for (int c = 0; c < values.length; c++) {
        arrays.get(c)[i] = values[c];
      }
    }
    Tuple params = Tuple.tuple().addValue(ids);
    arrays.forEach(params::addValue);
    return Optional.of(params);
  }
}
