package io.codexlb.adapter.postgres;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.AdminAuthRepository;
import io.codexlb.port.out.AdminCredentials;
import io.codexlb.port.out.AdminSession;
import io.codexlb.port.out.SealedSecret;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The administrator's credentials in the one row of {@code admin_credentials} (id 1) and the
 * sessions in {@code admin_sessions}, shared by every instance on the schema: a session made on one
 * is found by the others, and ending sessions ends them everywhere at the next request. The
 * compare-and-set steps (first setup, TOTP step) are single conditional statements; a password
 * replacement and the end of every session share one transaction.
 */
public final class PostgresAdminAuthRepository implements AdminAuthRepository {

  private static final String SESSION_COLUMNS =
      "id_hash, csrf_token, totp_verified, created_at, expires_at, address";

  private final Pool pool;

  /** Credentials and sessions kept through {@code pool}, whose schema is migrated. */
  public PostgresAdminAuthRepository(Pool pool) {
    this.pool = requireNonNull(pool, "pool");
  }

  @Override
  public CompletionStage<Optional<AdminCredentials>> credentials() {
    return pool.query(
            "SELECT password_hash, totp_secret_ciphertext, totp_pending_secret_ciphertext,"
                + " totp_last_step, password_set_at FROM admin_credentials WHERE id = 1")
        .execute()
        .map(rows -> first(rows).map(PostgresAdminAuthRepository::credentials))
        .toCompletionStage();
  }

  @Override
  public CompletionStage<Boolean> setUpPassword(String passwordHash, Instant at) {
    requireNonNull(passwordHash, "passwordHash");
    requireNonNull(at, "at");
    return PgStatements.changedAny(
        pool,
        "INSERT INTO admin_credentials (id, password_hash, password_set_at) VALUES (1, $1, $2)"
            + " ON CONFLICT (id) DO NOTHING",
        Tuple.of(passwordHash, PgValues.timestamp(at)));
  }

  @Override
  public CompletionStage<Void> replacePassword(String passwordHash, Instant at) {
    requireNonNull(passwordHash, "passwordHash");
    requireNonNull(at, "at");
    return pool.withTransaction(
            connection ->
                connection
                    .preparedQuery(
                        "INSERT INTO admin_credentials (id, password_hash, password_set_at)"
                            + " VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET"
                            + " password_hash = EXCLUDED.password_hash,"
                            + " password_set_at = EXCLUDED.password_set_at")
                    .execute(Tuple.of(passwordHash, PgValues.timestamp(at)))
                    .compose(set -> connection.query("DELETE FROM admin_sessions").execute()))
        .<Void>mapEmpty()
        .toCompletionStage();
  }

  @Override
  public CompletionStage<Void> setTotp(
      @Nullable SealedSecret secret, @Nullable SealedSecret pending, long lastStep) {
    return PgStatements.execute(
        pool,
        "UPDATE admin_credentials SET totp_secret_ciphertext = $1,"
            + " totp_pending_secret_ciphertext = $2, totp_last_step = $3 WHERE id = 1",
        Tuple.of(buffer(secret), buffer(pending), lastStep));
  }

  @Override
  public CompletionStage<Boolean> acceptTotpStep(long step) {
    return PgStatements.changedAny(
        pool,
        "UPDATE admin_credentials SET totp_last_step = $1 WHERE id = 1 AND totp_last_step < $1",
        Tuple.of(step));
  }

  @Override
  public CompletionStage<Void> createSession(AdminSession session) {
    requireNonNull(session, "session");
    return PgStatements.execute(
        pool,
        "INSERT INTO admin_sessions (" + SESSION_COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6)",
        Tuple.of(
            session.idHash(),
            session.csrfToken(),
            session.totpVerified(),
            PgValues.timestamp(session.createdAt()),
            PgValues.timestamp(session.expiresAt()),
            session.address()));
  }

  @Override
  public CompletionStage<Optional<AdminSession>> session(String idHash) {
    requireNonNull(idHash, "idHash");
    return pool.preparedQuery(
            "SELECT " + SESSION_COLUMNS + " FROM admin_sessions WHERE id_hash = $1")
        .execute(Tuple.of(idHash))
        .map(rows -> first(rows).map(PostgresAdminAuthRepository::session))
        .toCompletionStage();
  }

  @Override
  public CompletionStage<Boolean> markSessionVerified(String idHash) {
    requireNonNull(idHash, "idHash");
    return PgStatements.changedAny(
        pool,
        "UPDATE admin_sessions SET totp_verified = TRUE WHERE id_hash = $1",
        Tuple.of(idHash));
  }

  @Override
  public CompletionStage<Void> deleteSession(String idHash) {
    requireNonNull(idHash, "idHash");
    return PgStatements.execute(
        pool, "DELETE FROM admin_sessions WHERE id_hash = $1", Tuple.of(idHash));
  }

  @Override
  public CompletionStage<Void> deleteAllSessions() {
    return PgStatements.execute(pool, "DELETE FROM admin_sessions", Tuple.tuple());
  }

  @Override
  public CompletionStage<Integer> deleteExpiredSessions(Instant now) {
    requireNonNull(now, "now");
    return PgStatements.changedCount(
        pool,
        "DELETE FROM admin_sessions WHERE expires_at <= $1",
        Tuple.of(PgValues.timestamp(now)));
  }

  private static Optional<Row> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
  }

  private static @Nullable Buffer buffer(@Nullable SealedSecret secret) {
    return secret == null ? null : Buffer.buffer(secret.ciphertext());
  }

  private static @Nullable SealedSecret sealed(@Nullable Buffer buffer) {
    return buffer == null ? null : SealedSecret.of(buffer.getBytes());
  }

  private static AdminCredentials credentials(Row row) {
    return new AdminCredentials(
        row.getString("password_hash"),
        sealed(row.getBuffer("totp_secret_ciphertext")),
        sealed(row.getBuffer("totp_pending_secret_ciphertext")),
        row.getLong("totp_last_step"),
        PgValues.requiredInstant(row, "password_set_at"));
  }

  private static AdminSession session(Row row) {
    return new AdminSession(
        row.getString("id_hash"),
        row.getString("csrf_token"),
        row.getBoolean("totp_verified"),
        PgValues.requiredInstant(row, "created_at"),
        PgValues.requiredInstant(row, "expires_at"),
        row.getString("address"));
  }
}
