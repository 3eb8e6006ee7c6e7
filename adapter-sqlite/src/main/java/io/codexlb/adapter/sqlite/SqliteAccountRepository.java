package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.AccountRow;
import io.codexlb.port.out.AccountTokens;
import io.codexlb.port.out.SealedSecret;
import io.codexlb.port.out.StoredAccount;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Accounts in the {@code accounts} table, one row each, mapped through {@link AccountRow}. */
final class SqliteAccountRepository implements AccountRepository {

  private static final String COLUMNS =
      "id, chatgpt_account_id, email, label, plan, status, status_until, status_reason,"
          + " usage_reported, primary_used_percent, primary_resets_at, primary_length_seconds,"
          + " secondary_used_percent, secondary_resets_at, secondary_length_seconds, credits_has,"
          + " credits_unlimited, credits_balance, error_count, last_error_at,"
          + " access_token_ciphertext, refresh_token_ciphertext, id_token_ciphertext,"
          + " last_refresh, created_at";

  private static final String UPSERT =
      "INSERT INTO accounts ("
          + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (id) DO UPDATE SET chatgpt_account_id = excluded.chatgpt_account_id,"
          + " email = excluded.email, label = excluded.label, plan = excluded.plan,"
          + " status = excluded.status, status_until = excluded.status_until,"
          + " status_reason = excluded.status_reason, usage_reported = excluded.usage_reported,"
          + " primary_used_percent = excluded.primary_used_percent,"
          + " primary_resets_at = excluded.primary_resets_at,"
          + " primary_length_seconds = excluded.primary_length_seconds,"
          + " secondary_used_percent = excluded.secondary_used_percent,"
          + " secondary_resets_at = excluded.secondary_resets_at,"
          + " secondary_length_seconds = excluded.secondary_length_seconds,"
          + " credits_has = excluded.credits_has, credits_unlimited = excluded.credits_unlimited,"
          + " credits_balance = excluded.credits_balance, error_count = excluded.error_count,"
          + " last_error_at = excluded.last_error_at,"
          + " access_token_ciphertext = excluded.access_token_ciphertext,"
          + " refresh_token_ciphertext = excluded.refresh_token_ciphertext,"
          + " id_token_ciphertext = excluded.id_token_ciphertext,"
          + " last_refresh = excluded.last_refresh, created_at = excluded.created_at";

  private final SqliteJdbc jdbc;

  SqliteAccountRepository(SqliteJdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public CompletionStage<List<StoredAccount>> findAll() {
    return jdbc.call(
        connection -> {
          try (PreparedStatement select =
                  connection.prepareStatement("SELECT " + COLUMNS + " FROM accounts ORDER BY id");
              ResultSet rows = select.executeQuery()) {
            List<StoredAccount> accounts = new ArrayList<>();
            while (rows.next()) {
              accounts.add(read(rows));
            }
            return accounts;
          }
        });
  }

  @Override
  public CompletionStage<Optional<StoredAccount>> find(AccountId id) {
    requireNonNull(id, "id");
    return jdbc.call(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement("SELECT " + COLUMNS + " FROM accounts WHERE id = ?")) {
            select.setString(1, id.value());
            try (ResultSet rows = select.executeQuery()) {
              return rows.next() ? Optional.of(read(rows)) : Optional.<StoredAccount>empty();
            }
          }
        });
  }

  @Override
  public CompletionStage<Void> save(StoredAccount account) {
    requireNonNull(account, "account");
    AccountRow row = AccountRow.of(account.account());
    return jdbc.call(
        connection -> {
          try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            bind(upsert, row, account);
            upsert.executeUpdate();
            return null;
          }
        });
  }

  @Override
  public CompletionStage<Boolean> delete(AccountId id) {
    requireNonNull(id, "id");
    return jdbc.call(
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM accounts WHERE id = ?")) {
            delete.setString(1, id.value());
            return delete.executeUpdate() > 0;
          }
        });
  }

  private static void bind(PreparedStatement statement, AccountRow row, StoredAccount account)
      throws SQLException {
    statement.setString(1, row.id());
    statement.setString(2, account.chatgptAccountId());
    statement.setString(3, account.email().orElse(null));
    statement.setString(4, row.label());
    statement.setString(5, row.plan());
    statement.setString(6, row.status());
    Columns.setInstant(statement, 7, row.statusUntil());
    statement.setString(8, row.statusReason());
    Columns.setBoolean(statement, 9, row.usageReported());
    bindWindow(statement, 10, row.primary());
    bindWindow(statement, 13, row.secondary());
    Columns.setBoolean(statement, 16, row.creditsHas());
    Columns.setBoolean(statement, 17, row.creditsUnlimited());
    statement.setDouble(18, row.creditsBalance());
    statement.setInt(19, row.errorCount());
    Columns.setInstant(statement, 20, row.lastErrorAt());
    AccountTokens tokens = account.tokens();
    statement.setBytes(21, tokens.accessToken().ciphertext());
    statement.setBytes(22, tokens.refreshToken().ciphertext());
    statement.setBytes(23, tokens.idToken().ciphertext());
    Columns.setInstant(statement, 24, account.lastRefresh());
    Columns.setInstant(statement, 25, account.createdAt());
  }

  private static void bindWindow(PreparedStatement statement, int first, AccountRow.Window window)
      throws SQLException {
    Columns.setNullableDouble(statement, first, window == null ? null : window.usedPercent());
    Columns.setInstant(statement, first + 1, window == null ? null : window.resetsAt());
    Columns.setNullableLong(statement, first + 2, window == null ? null : window.lengthSeconds());
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
            Columns.instant(rows, "last_error_at"));
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

  private static AccountRow.Window window(ResultSet rows, String prefix) throws SQLException {
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
