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
import io.codexlb.port.out.RefreshClaim;
import io.codexlb.port.out.RefreshSave;
import io.codexlb.port.out.SealedSecret;
import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StoredAccount;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
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
          + " id_token_ciphertext, last_refresh, created_at, status_code, relogin_fixes";

  private static final String UPSERT =
      "INSERT INTO accounts ("
          + COLUMNS
          + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
          + " $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27)"
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
          + " last_refresh = EXCLUDED.last_refresh, created_at = EXCLUDED.created_at,"
          + " status_code = EXCLUDED.status_code, relogin_fixes = EXCLUDED.relogin_fixes";

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
        .addOffsetDateTime(timestamp(stored.createdAt()))
        .addString(row.statusCode())
        .addBoolean(row.reloginFixes());
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
            instant(row, "last_error_at"),
            row.getString("status_code"),
            row.getBoolean("relogin_fixes"));
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

  @Override
  public CompletionStage<RefreshClaim> claimRefresh(
      AccountId id, SealedSecret refreshToken, String holder, Instant now, Duration ttl) {
    requireNonNull(id, "id");
    requireNonNull(refreshToken, "refreshToken");
    requireNonNull(holder, "holder");
    requireNonNull(now, "now");
    requireNonNull(ttl, "ttl");
    Instant until = now.plus(ttl);
    // The account's row is locked for the transaction: claims of one account queue up on it, so
    // the token check and the claim are one step across instances.
    return pool.withTransaction(
            connection ->
                connection
                    .preparedQuery("SELECT " + COLUMNS + " FROM accounts WHERE id = $1 FOR UPDATE")
                    .execute(Tuple.of(id.value()))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            return Future.<RefreshClaim>succeededFuture(new RefreshClaim.Missing());
                          }
                          StoredAccount stored = toAccount(rows.iterator().next());
                          if (!stored.tokens().refreshToken().equals(refreshToken)) {
                            return Future.<RefreshClaim>succeededFuture(
                                new RefreshClaim.Superseded(stored));
                          }
                          return connection
                              .preparedQuery(CLAIM)
                              .execute(
                                  Tuple.of(id.value(), holder, timestamp(until), timestamp(now)))
                              .compose(
                                  claimed ->
                                      claimed.rowCount() > 0
                                          ? Future.<RefreshClaim>succeededFuture(
                                              new RefreshClaim.Claimed(until))
                                          : heldUntil(connection, id));
                        }))
        .toCompletionStage();
  }

  private static final String CLAIM =
      "INSERT INTO account_refresh_claims (account_id, holder, expires_at) VALUES ($1, $2, $3)"
          + " ON CONFLICT (account_id) DO UPDATE SET holder = EXCLUDED.holder,"
          + " expires_at = EXCLUDED.expires_at"
          + " WHERE account_refresh_claims.expires_at <= $4"
          + " OR account_refresh_claims.holder = EXCLUDED.holder";

  private static Future<RefreshClaim> heldUntil(SqlConnection connection, AccountId id) {
    return connection
        .preparedQuery("SELECT expires_at FROM account_refresh_claims WHERE account_id = $1")
        .execute(Tuple.of(id.value()))
        .map(
            rows ->
                new RefreshClaim.HeldElsewhere(
                    requiredInstant(rows.iterator().next(), "expires_at")));
  }

  @Override
  public CompletionStage<RefreshSave> storeRefreshed(
      AccountId id, SealedSecret replaced, AccountTokens tokens, Instant refreshedAt) {
    requireNonNull(id, "id");
    requireNonNull(replaced, "replaced");
    requireNonNull(tokens, "tokens");
    requireNonNull(refreshedAt, "refreshedAt");
    Tuple params =
        Tuple.tuple()
            .addBuffer(Buffer.buffer(tokens.accessToken().ciphertext()))
            .addBuffer(Buffer.buffer(tokens.refreshToken().ciphertext()))
            .addBuffer(Buffer.buffer(tokens.idToken().ciphertext()))
            .addOffsetDateTime(timestamp(refreshedAt))
            .addString(id.value())
            .addBuffer(Buffer.buffer(replaced.ciphertext()));
    return pool.withTransaction(
            connection ->
                connection
                    .preparedQuery(
                        "UPDATE accounts SET access_token_ciphertext = $1,"
                            + " refresh_token_ciphertext = $2, id_token_ciphertext = $3,"
                            + " last_refresh = $4 WHERE id = $5 AND refresh_token_ciphertext = $6"
                            + " RETURNING "
                            + COLUMNS)
                    .execute(params)
                    .compose(
                        updated -> {
                          if (updated.size() > 0) {
                            StoredAccount stored = toAccount(updated.iterator().next());
                            return connection
                                .preparedQuery(
                                    "DELETE FROM account_refresh_claims WHERE account_id = $1")
                                .execute(Tuple.of(id.value()))
                                .compose(
                                    deleted -> channel.announce(connection, StoreChange.ACCOUNTS))
                                .map(announced -> (RefreshSave) new RefreshSave.Saved(stored));
                          }
                          return connection
                              .preparedQuery("SELECT " + COLUMNS + " FROM accounts WHERE id = $1")
                              .execute(Tuple.of(id.value()))
                              .map(
                                  rows ->
                                      rows.size() == 0
                                          ? new RefreshSave.Missing()
                                          : new RefreshSave.Superseded(
                                              toAccount(rows.iterator().next())));
                        }))
        .toCompletionStage();
  }

  @Override
  public CompletionStage<Void> releaseRefreshClaim(AccountId id, String holder) {
    requireNonNull(id, "id");
    requireNonNull(holder, "holder");
    return PgStatements.execute(
        pool,
        "DELETE FROM account_refresh_claims WHERE account_id = $1 AND holder = $2",
        Tuple.of(id.value(), holder));
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
