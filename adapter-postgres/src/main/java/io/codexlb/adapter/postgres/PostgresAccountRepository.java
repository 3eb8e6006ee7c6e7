package io.codexlb.adapter.postgres;

import static io.codexlb.adapter.postgres.PgValues.instant;
import static io.codexlb.adapter.postgres.PgValues.requiredInstant;
import static io.codexlb.adapter.postgres.PgValues.timestamp;
import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.AccountRow;
import io.codexlb.port.out.AccountTokens;
import io.codexlb.port.out.SealedSecret;
import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StoredAccount;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The accounts in the {@code accounts} table: the domain account flattened by {@link AccountRow},
 * plus upstream identity and the sealed tokens as {@code bytea} ciphertext.
 *
 * <p>Every save, and every delete that removed a row, announces {@link StoreChange#ACCOUNTS} on the
 * store's change channel in its own transaction: heard by every instance once it commits. {@link
 * #saveStates} announces nothing.
 */
public final class PostgresAccountRepository implements AccountRepository {

  private static final String COLUMNS =
      "id, label, plan, status, status_until, status_reason, usage_reported,"
          + " primary_used_percent, primary_resets_at, primary_length_seconds,"
          + " secondary_used_percent, secondary_resets_at, secondary_length_seconds,"
          + " credits_has, credits_unlimited, credits_balance, error_count, last_error_at,"
          + " chatgpt_account_id, email, access_token_ciphertext, refresh_token_ciphertext,"
          + " id_token_ciphertext, last_refresh, created_at";

  private static final String UPSERT =
      "INSERT INTO accounts ("
          + COLUMNS
          + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
          + " $17, $18, $19, $20, $21, $22, $23, $24, $25)"
          + " ON CONFLICT (id) DO UPDATE SET label = EXCLUDED.label, plan = EXCLUDED.plan,"
          + " status = EXCLUDED.status, status_until = EXCLUDED.status_until,"
          + " status_reason = EXCLUDED.status_reason, usage_reported = EXCLUDED.usage_reported,"
          + " primary_used_percent = EXCLUDED.primary_used_percent,"
          + " primary_resets_at = EXCLUDED.primary_resets_at,"
          + " primary_length_seconds = EXCLUDED.primary_length_seconds,"
          + " secondary_used_percent = EXCLUDED.secondary_used_percent,"
          + " secondary_resets_at = EXCLUDED.secondary_resets_at,"
          + " secondary_length_seconds = EXCLUDED.secondary_length_seconds,"
          + " credits_has = EXCLUDED.credits_has, credits_unlimited = EXCLUDED.credits_unlimited,"
          + " credits_balance = EXCLUDED.credits_balance, error_count = EXCLUDED.error_count,"
          + " last_error_at = EXCLUDED.last_error_at,"
          + " chatgpt_account_id = EXCLUDED.chatgpt_account_id, email = EXCLUDED.email,"
          + " access_token_ciphertext = EXCLUDED.access_token_ciphertext,"
          + " refresh_token_ciphertext = EXCLUDED.refresh_token_ciphertext,"
          + " id_token_ciphertext = EXCLUDED.id_token_ciphertext,"
          + " last_refresh = EXCLUDED.last_refresh, created_at = EXCLUDED.created_at";

  private final Pool pool;
  private final PgChannel channel;

  /**
   * Accounts kept through {@code pool}, whose schema is migrated, announcing their changes on
   * {@code channel} (the store's, see {@link PostgresStoreChangePublisher#channel()}).
   */
  public PostgresAccountRepository(Pool pool, String channel) {
    this.pool = requireNonNull(pool, "pool");
    this.channel = new PgChannel(channel);
  }

  @Override
  public CompletionStage<List<StoredAccount>> findAll() {
    return pool.query("SELECT " + COLUMNS + " FROM accounts")
        .execute()
        .map(
            rows -> {
              List<StoredAccount> accounts = new ArrayList<>();
              rows.forEach(row -> accounts.add(toAccount(row)));
              // Sorted here, not by ORDER BY: the database's collation need not be Java's order.
              accounts.sort(Comparator.comparing(account -> account.id().value()));
              return accounts;
            })
        .toCompletionStage();
  }

  @Override
  public CompletionStage<Optional<StoredAccount>> find(AccountId id) {
    requireNonNull(id, "id");
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM accounts WHERE id = $1")
        .execute(Tuple.of(id.value()))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.<StoredAccount>empty()
                    : Optional.of(toAccount(rows.iterator().next())))
        .toCompletionStage();
  }

  @Override
  public CompletionStage<Void> save(StoredAccount account) {
    requireNonNull(account, "account");
    // Announced even when the row was already exactly this: telling apart costs a read, and a
    // spurious announcement only costs the listeners one reload.
    return PgStatements.executeAnnounced(
        pool, UPSERT, toTuple(account), channel, StoreChange.ACCOUNTS);
  }

  @Override
  public CompletionStage<Void> saveStates(List<Account> accounts) {
    Optional<Tuple> params = AccountStateColumns.params(accounts);
    if (params.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return PgStatements.execute(pool, AccountStateColumns.SAVE_STATES, params.get());
  }

  @Override
  public CompletionStage<Boolean> delete(AccountId id) {
    requireNonNull(id, "id");
    return PgStatements.changedAnyAnnounced(
        pool,
        "DELETE FROM accounts WHERE id = $1",
        Tuple.of(id.value()),
        channel,
        StoreChange.ACCOUNTS);
  }

  private static Tuple toTuple(StoredAccount stored) {
    AccountRow row = AccountRow.of(stored.account());
    AccountTokens tokens = stored.tokens();
    Tuple tuple = Tuple.tuple().addString(row.id()).addString(row.label()).addString(row.plan());
    for (Object value : AccountStateColumns.values(row)) {
      tuple.addValue(value);
    }
    return tuple
        .addString(stored.chatgptAccountId())
        .addString(stored.email().orElse(null))
        .addBuffer(Buffer.buffer(tokens.accessToken().ciphertext()))
        .addBuffer(Buffer.buffer(tokens.refreshToken().ciphertext()))
        .addBuffer(Buffer.buffer(tokens.idToken().ciphertext()))
        .addOffsetDateTime(timestamp(stored.lastRefresh()))
        .addOffsetDateTime(timestamp(stored.createdAt()));
  }

  private static StoredAccount toAccount(Row row) {
    AccountRow accountRow =
        new AccountRow(
            row.getString("id"),
            row.getString("label"),
            row.getString("plan"),
            row.getString("status"),
            instant(row, "status_until"),
            row.getString("status_reason"),
            row.getBoolean("usage_reported"),
            window(row, "primary_"),
            window(row, "secondary_"),
            row.getBoolean("credits_has"),
            row.getBoolean("credits_unlimited"),
            row.getDouble("credits_balance"),
            row.getInteger("error_count"),
            instant(row, "last_error_at"));
    return new StoredAccount(
        accountRow.toAccount(),
        row.getString("chatgpt_account_id"),
        Optional.ofNullable(row.getString("email")),
        new AccountTokens(
            sealed(row, "access_token_ciphertext"),
            sealed(row, "refresh_token_ciphertext"),
            sealed(row, "id_token_ciphertext")),
        requiredInstant(row, "last_refresh"),
        requiredInstant(row, "created_at"));
  }

  private static AccountRow.@Nullable Window window(Row row, String prefix) {
    Double usedPercent = row.getDouble(prefix + "used_percent");
    if (usedPercent == null) {
      return null;
    }
    return new AccountRow.Window(
        usedPercent,
        requiredInstant(row, prefix + "resets_at"),
        row.getLong(prefix + "length_seconds"));
  }

  private static SealedSecret sealed(Row row, String column) {
    return SealedSecret.of(row.getBuffer(column).getBytes());
  }
}
