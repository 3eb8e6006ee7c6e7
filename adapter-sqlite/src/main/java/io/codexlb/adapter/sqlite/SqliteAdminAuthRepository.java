package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.AdminAuthRepository;
import io.codexlb.port.out.AdminCredentials;
import io.codexlb.port.out.AdminSession;
import io.codexlb.port.out.SealedSecret;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The administrator's credentials in the one row of {@code admin_credentials} (id 1) and the
 * sessions in {@code admin_sessions}. Compare-and-set steps (first setup, TOTP step) are single
 * conditional statements; a password replacement and the end of every session share one
 * transaction.
 */
final class SqliteAdminAuthRepository implements AdminAuthRepository {

  private static final String CREDENTIALS =
      "SELECT password_hash, totp_secret_ciphertext, totp_pending_secret_ciphertext,"
          + " totp_last_step, password_set_at FROM admin_credentials WHERE id = 1";

  private static final String SESSION_COLUMNS =
      "id_hash, csrf_token, totp_verified, created_at, expires_at, address";

  private final SqliteJdbc jdbc;

  SqliteAdminAuthRepository(SqliteJdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public CompletionStage<Optional<AdminCredentials>> credentials() {
    return jdbc.call(
        connection -> Sql.first(connection, CREDENTIALS, SqliteAdminAuthRepository::credentials));
  }

  @Override
  public CompletionStage<Boolean> setUpPassword(String passwordHash, Instant at) {
    requireNonNull(passwordHash, "passwordHash");
    requireNonNull(at, "at");
    return jdbc.write(
        connection ->
            Sql.update(
                    connection,
                    "INSERT INTO admin_credentials (id, password_hash, password_set_at)"
                        + " VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING",
                    passwordHash,
                    at)
                == 1);
  }

  @Override
  public CompletionStage<Void> replacePassword(String passwordHash, Instant at) {
    requireNonNull(passwordHash, "passwordHash");
    requireNonNull(at, "at");
    return jdbc.writeVoid(
        connection -> {
          Sql.update(
              connection,
              "INSERT INTO admin_credentials (id, password_hash, password_set_at) VALUES (1, ?, ?)"
                  + " ON CONFLICT (id) DO UPDATE SET password_hash = excluded.password_hash,"
                  + " password_set_at = excluded.password_set_at",
              passwordHash,
              at);
          Sql.update(connection, "DELETE FROM admin_sessions");
        });
  }

  @Override
  public CompletionStage<Void> setTotp(
      @Nullable SealedSecret secret, @Nullable SealedSecret pending, long lastStep) {
    return jdbc.writeVoid(
        connection ->
            Sql.update(
                connection,
                "UPDATE admin_credentials SET totp_secret_ciphertext = ?,"
                    + " totp_pending_secret_ciphertext = ?, totp_last_step = ? WHERE id = 1",
                secret == null ? null : secret.ciphertext(),
                pending == null ? null : pending.ciphertext(),
                lastStep));
  }

  @Override
  public CompletionStage<Boolean> acceptTotpStep(long step) {
    return jdbc.write(
        connection ->
            Sql.update(
                    connection,
                    "UPDATE admin_credentials SET totp_last_step = ?"
                        + " WHERE id = 1 AND totp_last_step < ?",
                    step,
                    step)
                == 1);
  }

  @Override
  public CompletionStage<Void> createSession(AdminSession session) {
    requireNonNull(session, "session");
    return jdbc.writeVoid(
        connection ->
            Sql.update(
                connection,
                "INSERT INTO admin_sessions (" + SESSION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
                session.idHash(),
                session.csrfToken(),
                session.totpVerified(),
                session.createdAt(),
                session.expiresAt(),
                session.address()));
  }

  @Override
  public CompletionStage<Optional<AdminSession>> session(String idHash) {
    requireNonNull(idHash, "idHash");
    return jdbc.call(
        connection ->
            Sql.first(
                connection,
                "SELECT " + SESSION_COLUMNS + " FROM admin_sessions WHERE id_hash = ?",
                SqliteAdminAuthRepository::session,
                idHash));
  }

  @Override
  public CompletionStage<Boolean> markSessionVerified(String idHash) {
    requireNonNull(idHash, "idHash");
    return jdbc.write(
        connection ->
            Sql.update(
                    connection,
                    "UPDATE admin_sessions SET totp_verified = 1 WHERE id_hash = ?",
                    idHash)
                == 1);
  }

  @Override
  public CompletionStage<Void> deleteSession(String idHash) {
    requireNonNull(idHash, "idHash");
    return jdbc.writeVoid(
        connection ->
            Sql.update(connection, "DELETE FROM admin_sessions WHERE id_hash = ?", idHash));
  }

  @Override
  public CompletionStage<Void> deleteAllSessions() {
    return jdbc.writeVoid(connection -> Sql.update(connection, "DELETE FROM admin_sessions"));
  }

  @Override
  public CompletionStage<Integer> deleteExpiredSessions(Instant now) {
    requireNonNull(now, "now");
    return jdbc.write(
        connection ->
            Sql.update(connection, "DELETE FROM admin_sessions WHERE expires_at <= ?", now));
  }

  private static AdminCredentials credentials(ResultSet rows) throws SQLException {
    return new AdminCredentials(
        rows.getString("password_hash"),
        sealed(rows.getBytes("totp_secret_ciphertext")),
        sealed(rows.getBytes("totp_pending_secret_ciphertext")),
        rows.getLong("totp_last_step"),
        Columns.requiredInstant(rows, "password_set_at"));
  }

  private static @Nullable SealedSecret sealed(byte @Nullable [] ciphertext) {
    return ciphertext == null ? null : SealedSecret.of(ciphertext);
  }

  private static AdminSession session(ResultSet rows) throws SQLException {
    return new AdminSession(
        rows.getString("id_hash"),
        rows.getString("csrf_token"),
        Columns.bool(rows, "totp_verified"),
        Columns.requiredInstant(rows, "created_at"),
        Columns.requiredInstant(rows, "expires_at"),
        rows.getString("address"));
  }
}
