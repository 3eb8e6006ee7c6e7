package io.codexlb.adapter.postgres;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.PingReadinessProbe;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Readiness of the PostgreSQL store: runs {@code SELECT 1} through the pool. A server that does not
 * answer within the time limit is a failure; reasons name the server by its {@linkplain
 * PostgresSettings#redactedUrl() redacted URL}, give the server's own message and SQLSTATE when it
 * sent one, and never contain the password.
 */
public final class PostgresReadinessProbe extends PingReadinessProbe {

  /** A probe over {@code pool}, which connects with {@code settings}, with the default limit. */
  public PostgresReadinessProbe(Pool pool, PostgresSettings settings) {
    this(pool, settings, DEFAULT_TIMEOUT);
  }

  /**
   * A probe over {@code pool}, which connects with {@code settings}, bounded by {@code timeout}.
   */
  public PostgresReadinessProbe(Pool pool, PostgresSettings settings, Duration timeout) {
    super(
        "store",
        "postgresql at " + requireNonNull(settings, "settings").redactedUrl() + " unreachable",
        timeout,
        selectOne(requireNonNull(pool, "pool")),
        failure -> describe(failure, settings.password()));
  }

  private static Supplier<CompletionStage<?>> selectOne(Pool pool) {
    return () -> pool.query("SELECT 1").execute().toCompletionStage();
  }

  private static String describe(Throwable failure, String password) {
    String reason;
    if (failure instanceof PgException pg && pg.getErrorMessage() != null) {
      reason = pg.getErrorMessage() + " (SQLSTATE " + pg.getSqlState() + ")";
    } else if (failure.getMessage() == null || failure.getMessage().isBlank()) {
      reason = failure.getClass().getSimpleName();
    } else {
      reason = failure.getMessage();
    }
    // Defence in depth: no driver or server message may carry the password into a reason. The
    // whole message is redacted before it is cut to one line, so no part of it survives.
    return password.isEmpty() ? reason : reason.replace(password, "****");
  }
}
