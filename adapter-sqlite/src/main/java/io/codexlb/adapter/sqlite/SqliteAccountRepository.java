package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.AccountRow;
import io.codexlb.port.out.AccountTokens;
import io.codexlb.port.out.ObservedAccountStates;
import io.codexlb.port.out.RefreshClaim;
import io.codexlb.port.out.RefreshSave;
import io.codexlb.port.out.SealedSecret;
import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StoredAccount;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Accounts in the {@code accounts} table, one row each, mapped through {@link AccountRow}; tokens
 * are stored as the sealed bytes they arrive as. Saves and deletes announce {@link
 * StoreChange#ACCOUNTS}; {@link #saveStates} announces nothing.
 */
final class SqliteAccountRepository implements AccountRepository {

  private static final String COLUMNS =
      "id, chatgpt_account_id, email, label, plan, status, status_until, status_reason,"
          + " usage_reported, primary_used_percent, primary_resets_at, primary_length_seconds,"
          + " secondary_used_percent, secondary_resets_at, secondary_length_seconds, credits_has,"
          + " credits_unlimited, credits_balance, error_count, last_error_at,"
          + " access_token_ciphertext, refresh_token_ciphertext, id_token_ciphertext,"
          + " last_refresh, created_at, status_code, relogin_fixes";

  // An upsert rather than INSERT OR REPLACE: a replace deletes the row first, which would cascade
  // to any table a later migration makes reference accounts.
  private static final String SAVE =
      "INSERT INTO accounts ("
          + COLUMNS
          + ") VALUES ("
          + String.join(", ", Collections.nCopies(COLUMNS.split(",").length, "?"))
          + ") ON CONFLICT (id) DO UPDATE SET "
          + Arrays.stream(COLUMNS.split(","))
              .map(String::strip)
              .filter(column -> !column.equals("id"))
              .map(column -> column + " = excluded." + column)
              .collect(Collectors.joining(", "));

  // The stored status is checked by the UPDATE itself, so that a pause committed before this write
  // is never undone, and no row is read first.
  private static final String SAVE_STATE =
      "UPDATE accounts SET status = ?, status_until = ?, status_reason = ?, usage_reported = ?,"
          + " primary_used_percent = ?, primary_resets_at = ?, primary_length_seconds = ?,"
          + " secondary_used_percent = ?, secondary_resets_at = ?, secondary_length_seconds = ?,"
          + " credits_has = ?, credits_unlimited = ?, credits_balance = ?, error_count = ?,"
          + " last_error_at = ? WHERE id = ? AND status IN ("
          + ObservedAccountStates.STATUSES.stream()
              .sorted()
              .map(status -> "'" + status.wireName() + "'")
              .collect(Collectors.joining(", "))
          + ")";

  private final SqliteJdbc jdbc;
  private final Announcer announcer;

  SqliteAccountRepository(SqliteJdbc jdbc, Announcer announcer) {
    this.jdbc = jdbc;
    this.announcer = announcer;
  }

  @Override
  public CompletionStage<List<StoredAccount>> findAll() {
    return jdbc.call(
        connection ->
            Sql.list(
                connection,
                "SELECT " + COLUMNS + " FROM accounts ORDER BY id",
                SqliteAccountRepository::read));
  }

  @Override
  public CompletionStage<Optional<StoredAccount>> find(AccountId id) {
    requireNonNull(id, "id");
    return jdbc.call(
        connection ->
            Sql.first(
                connection,
                "SELECT " + COLUMNS + " FROM accounts WHERE id = ?",
                SqliteAccountRepository::read,
                id.value()));
  }

  @Override
  public CompletionStage<Void> save(StoredAccount account) {
    requireNonNull(account, "account");
    @Nullable Object[] row = row(account);
    return announcer.after(
        jdbc.callVoid(
            connection -> {
              Sql.update(connection, SAVE, row);
            }),
        StoreChange.ACCOUNTS,
        saved -> true);
  }

  @Override
  public CompletionStage<Void> saveStates(List<Account> accounts) {
    List<@Nullable Object[]> rows = stateRows(accounts);
    if (rows.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    // One transaction: one fsync for the whole batch, and all of it or none survives a crash.
    return jdbc.writeVoid(
        connection -> {
          Sql.batch(connection, SAVE_STATE, rows);
        });
  }

  @Override
  public CompletionStage<Boolean> delete(AccountId id) {
    requireNonNull(id, "id");
    return announcer.after(
        jdbc.call(
            connection ->
                Sql.update(connection, "DELETE FROM accounts WHERE id = ?", id.value()) > 0),
        StoreChange.ACCOUNTS,
        deleted -> deleted);
  }

  /** The parameters of {@link #SAVE_STATE} for each account, once all of them are valid. */
  private static List<@Nullable Object[]> stateRows(List<Account> accounts) {
    ObservedAccountStates.check(accounts);
    List<@Nullable Object[]> rows = new ArrayList<>(accounts.size());
    for (Account account : accounts) {
      @Nullable Object[] state = stateColumns(AccountRow.of(account));
      @Nullable Object[] args = Arrays.copyOf(state, state.length + 1);
      args[state.length] = account.id().value();
      rows.add(args);
    }
    return rows;
  }

  private static @Nullable Object[] row(StoredAccount account) {
    AccountRow row = AccountRow.of(account.account());
    AccountTokens tokens = account.tokens();
    List<Object> args = new ArrayList<>();
    Collections.addAll(
        args,
        row.id(),
        account.chatgptAccountId(),
        account.email().orElse(null),
        row.label(),
        row.plan());
    Collections.addAll(args, stateColumns(row));
    Collections.addAll(
        args,
        tokens.accessToken().ciphertext(),
        tokens.refreshToken().ciphertext(),
        tokens.idToken().ciphertext(),
        account.lastRefresh(),
        account.createdAt(),
        row.statusCode(),
        row.reloginFixes());
    return args.toArray();
  }

  /**
   * The values of the columns from {@code status} to {@code last_error_at}, in {@link #COLUMNS}'s
   * order: what requests observe of an account, and all that {@link #saveStates} writes.
   */
  private static @Nullable Object[] stateColumns(AccountRow row) {
    AccountRow.Window primary = row.primary();
    AccountRow.Window secondary = row.secondary();
    return new Object[] {
      row.status(),
      row.statusUntil(),
      row.statusReason(),
      row.usageReported(),
      primary == null ? null : primary.usedPercent(),
      primary == null ? null : primary.resetsAt(),
      primary == null ? null : primary.lengthSeconds(),
      secondary == null ? null : secondary.usedPercent(),
      secondary == null ? null : secondary.resetsAt(),
      secondary == null ? null : secondary.lengthSeconds(),
      row.creditsHas(),
      row.creditsUnlimited(),
      row.creditsBalance(),
      row.errorCount(),
      row.lastErrorAt()
    };
  }

  private static StoredAccount read(ResultSet rows) throws SQLException {
    AccountRow row =
        new AccountRow(
            rows.getString("id"),
            rows.getString("label"),
            rows.getString("plan"),
            rows.getString("status"),
            Columns.instant(rows, "status_until"),
            rows.getString("status_reason"),
            Columns.bool(rows, "usage_reported"),
            window(rows, "primary"),
            window(rows, "secondary"),
            Columns.bool(rows, "credits_has"),
            Columns.bool(rows, "credits_unlimited"),
            rows.getDouble("credits_balance"),
            rows.getInt("error_count"),
            Columns.instant(rows, "last_error_at"),
            rows.getString("status_code"),
            nullableBool(rows, "relogin_fixes"));
    AccountTokens tokens =
        new AccountTokens(
            SealedSecret.of(rows.getBytes("access_token_ciphertext")),
            SealedSecret.of(rows.getBytes("refresh_token_ciphertext")),
            SealedSecret.of(rows.getBytes("id_token_ciphertext")));
    return new StoredAccount(
        row.toAccount(),
        rows.getString("chatgpt_account_id"),
        Optional.ofNullable(rows.getString("email")),
        tokens,
        Columns.requiredInstant(rows, "last_refresh"),
        Columns.requiredInstant(rows, "created_at"));
  }

  private static @Nullable Boolean nullableBool(ResultSet rows, String column) throws SQLException {
    int value = rows.getInt(column);
    return rows.wasNull() ? null : value != 0;
  }

  @Override
  public CompletionStage<RefreshClaim> claimRefresh(
      AccountId id, SealedSecret refreshToken, String holder, Instant now, Duration ttl) {
    requireNonNull(id, "id");
    requireNonNull(refreshToken, "refreshToken");
    requireNonNull(holder, "holder");
    requireNonNull(now, "now");
    requireNonNull(ttl, "ttl");
    Instant until = now.plus(ttl);
    // One write transaction: the token check and the claim are one step for every connection.
    return jdbc.write(
        connection -> {
          Optional<StoredAccount> stored =
              Sql.first(
                  connection,
                  "SELECT " + COLUMNS + " FROM accounts WHERE id = ?",
                  SqliteAccountRepository::read,
                  id.value());
          if (stored.isEmpty()) {
            return new RefreshClaim.Missing();
          }
          if (!stored.get().tokens().refreshToken().equals(refreshToken)) {
            return new RefreshClaim.Superseded(stored.get());
          }
          int taken =
              Sql.update(
                  connection,
                  "INSERT INTO account_refresh_claims (account_id, holder, expires_at)"
                      + " VALUES (?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET"
                      + " holder = excluded.holder, expires_at = excluded.expires_at"
                      + " WHERE account_refresh_claims.expires_at <= ?"
                      + " OR account_refresh_claims.holder = excluded.holder",
                  id.value(),
                  holder,
                  until,
                  now);
          if (taken > 0) {
            return new RefreshClaim.Claimed(until);
          }
          Instant heldUntil =
              Sql.first(
                      connection,
                      "SELECT expires_at FROM account_refresh_claims WHERE account_id = ?",
                      rows -> Columns.requiredInstant(rows, "expires_at"),
                      id.value())
                  .orElseThrow();
          return new RefreshClaim.HeldElsewhere(heldUntil);
        });
  }

  @Override
  public CompletionStage<RefreshSave> storeRefreshed(
      AccountId id, SealedSecret replaced, AccountTokens tokens, Instant refreshedAt) {
    requireNonNull(id, "id");
    requireNonNull(replaced, "replaced");
    requireNonNull(tokens, "tokens");
    requireNonNull(refreshedAt, "refreshedAt");
    return announcer.after(
        jdbc.write(
            connection -> {
              int updated =
                  Sql.update(
                      connection,
                      "UPDATE accounts SET access_token_ciphertext = ?,"
                          + " refresh_token_ciphertext = ?, id_token_ciphertext = ?,"
                          + " last_refresh = ? WHERE id = ? AND refresh_token_ciphertext = ?",
                      tokens.accessToken().ciphertext(),
                      tokens.refreshToken().ciphertext(),
                      tokens.idToken().ciphertext(),
                      refreshedAt,
                      id.value(),
                      replaced.ciphertext());
              if (updated > 0) {
                Sql.update(
                    connection,
                    "DELETE FROM account_refresh_claims WHERE account_id = ?",
                    id.value());
              }
              Optional<StoredAccount> stored =
                  Sql.first(
                      connection,
                      "SELECT " + COLUMNS + " FROM accounts WHERE id = ?",
                      SqliteAccountRepository::read,
                      id.value());
              if (stored.isEmpty()) {
                return new RefreshSave.Missing();
              }
              return updated > 0
                  ? new RefreshSave.Saved(stored.get())
                  : new RefreshSave.Superseded(stored.get());
            }),
        StoreChange.ACCOUNTS,
        save -> save instanceof RefreshSave.Saved);
  }

  @Override
  public CompletionStage<Void> releaseRefreshClaim(AccountId id, String holder) {
    requireNonNull(id, "id");
    requireNonNull(holder, "holder");
    return jdbc.writeVoid(
        connection -> {
          Sql.update(
              connection,
              "DELETE FROM account_refresh_claims WHERE account_id = ? AND holder = ?",
              id.value(),
              holder);
        });
  }

  private static AccountRow.@Nullable Window window(ResultSet rows, String prefix)
      throws SQLException {
    Instant resetsAt = Columns.instant(rows, prefix + "_resets_at");
    if (resetsAt == null) {
      return null;
    }
    return new AccountRow.Window(
        rows.getDouble(prefix + "_used_percent"),
        resetsAt,
        rows.getLong(prefix + "_length_seconds"));
  }
}
