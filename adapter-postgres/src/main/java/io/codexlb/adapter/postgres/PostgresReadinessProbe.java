package io.codexlb.adapter.postgres;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.health.CheckResult;
import io.codexlb.port.out.ReadinessProbe;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Readiness of the PostgreSQL store: runs {@code SELECT 1} through the pool. A server that does not
 * answer within the time limit is a failure; reasons name the server by its {@linkplain
 * PostgresSettings#redactedUrl() redacted URL} and never contain the password.
 */
public final class PostgresReadinessProbe implements ReadinessProbe {

  /** The time limit used when none is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private static final int MAX_REASON_LENGTH = 200;

  private final Pool pool;
  private final PostgresSettings settings;
  private final Duration timeout;

  /** A probe over {@code pool}, which connects with {@code settings}, with the default limit. */
  public PostgresReadinessProbe(Pool pool, PostgresSettings settings) {
    this(pool, settings, DEFAULT_TIMEOUT);
  }

  /**
   * A probe over {@code pool}, which connects with {@code settings}, bounded by {@code timeout}.
   */
  public PostgresReadinessProbe(Pool pool, PostgresSettings settings, Duration timeout) {
    this.pool = requireNonNull(pool, "pool");
    this.settings = requireNonNull(settings, "settings");
    requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: positive)");
    }
    this.timeout = timeout;
  }

  @Override
  public String checkName() {
    return "store";
  }

  @Override
  public CompletionStage<CheckResult> check() {
    try {
      return pool.query("SELECT 1")
          .execute()
          .map(rows -> CheckResult.pass())
          .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .otherwise(this::failure)
          .toCompletionStage();
    } catch (RuntimeException e) {
      // A closed pool may refuse synchronously; that is a failed check, not a broken probe.
      return CompletableFuture.completedFuture(failure(e));
    }
  }

  private CheckResult failure(Throwable error) {
    return CheckResult.fail(
        "postgresql at " + settings.redactedUrl() + " unreachable: " + shortReason(error));
  }

  private String shortReason(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String reason;
    if (cause instanceof TimeoutException) {
      reason = "no answer within " + timeout.toMillis() + " ms";
    } else if (cause instanceof PgException pg && pg.getErrorMessage() != null) {
      reason = pg.getErrorMessage() + " (SQLSTATE " + pg.getSqlState() + ")";
    } else if (cause.getMessage() == null || cause.getMessage().isBlank()) {
      reason = cause.getClass().getSimpleName();
    } else {
      reason = cause.getMessage();
    }
    return redact(firstLine(reason));
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    if (line.isEmpty()) {
      return "unknown error";
    }
    return line.length() <= MAX_REASON_LENGTH ? line : line.substring(0, MAX_REASON_LENGTH) + "...";
  }

  /** Defence in depth: no driver or server message may carry the password into a reason. */
  private String redact(String reason) {
    String password = settings.password();
    return password.isEmpty() ? reason : reason.replace(password, "****");
  }
}
