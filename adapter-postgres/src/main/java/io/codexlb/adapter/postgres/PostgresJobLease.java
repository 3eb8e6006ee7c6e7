package io.codexlb.adapter.postgres;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.JobLease;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job lease of a PostgreSQL store: a session-level advisory lock ({@code pg_try_advisory_lock})
 * held on a connection of its own, outside the pool. A session lock lives as long as its session:
 * when the holding instance dies ({@code kill -9}, a crash, a lost network) the server ends the
 * session and the lock is free for the next instance that asks, with no expiry to wait for. When
 * the connection closes under a holder, the holder knows it lost the lease and asks again like any
 * other instance. The key is derived from the schema, so stores in different schemas of one
 * database have leases of their own.
 *
 * <p>A holder whose whole machine or network vanishes sends nothing to close its session; the
 * server notices through TCP keepalives only. The lease's session asks for them after {@value
 * #KEEPALIVE_IDLE_SECONDS} s idle, every {@value #KEEPALIVE_INTERVAL_SECONDS} s, {@value
 * #KEEPALIVE_COUNT} probes (about 25 s), rather than the operating system's default of two hours; a
 * server or proxy that refuses the settings keeps its own (logged at DEBUG, the lease works).
 *
 * <p>Calls are expected one at a time (the poller's ticks are).
 */
final class PostgresJobLease implements JobLease {

  private static final Logger log = LoggerFactory.getLogger(PostgresJobLease.class);

  private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(hashtext($1)) AS held";
  private static final String UNLOCK = "SELECT pg_advisory_unlock(hashtext($1))";

  static final int KEEPALIVE_IDLE_SECONDS = 10;
  static final int KEEPALIVE_INTERVAL_SECONDS = 5;
  static final int KEEPALIVE_COUNT = 3;

  private static final String KEEPALIVE =
      "SET tcp_keepalives_idle = "
          + KEEPALIVE_IDLE_SECONDS
          + "; SET tcp_keepalives_interval = "
          + KEEPALIVE_INTERVAL_SECONDS
          + "; SET tcp_keepalives_count = "
          + KEEPALIVE_COUNT;

  private final Vertx vertx;
  private final PgConnectOptions options;
  private final String key;
  private volatile @Nullable PgConnection connection;
  private volatile boolean held;

  /**
   * @param vertx where the lease's connection runs
   * @param options how to connect to the database
   * @param schema the store's schema, which names the lock
   */
  PostgresJobLease(Vertx vertx, PgConnectOptions options, String schema) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.options = requireNonNull(options, "options");
    this.key = "codex_lb_jobs:" + requireNonNull(schema, "schema");
  }

  @Override
  public CompletionStage<Boolean> hold() {
    PgConnection current = connection;
    if (held && current != null) {
      return Future.succeededFuture(true).toCompletionStage();
    }
    Future<PgConnection> connected = current != null ? Future.succeededFuture(current) : connect();
    return connected
        .compose(
            open ->
                open.preparedQuery(TRY_LOCK)
                    .execute(Tuple.of(key))
                    .map(rows -> Boolean.TRUE.equals(rows.iterator().next().getBoolean("held"))))
        .map(
            taken -> {
              held = taken && connection != null;
              return held;
            })
        .recover(
            error -> {
              log.debug("job lease: asking for it failed: {}", error.toString());
              drop();
              return Future.succeededFuture(false);
            })
        .toCompletionStage();
  }

  @Override
  public CompletionStage<Void> release() {
    PgConnection current = connection;
    held = false;
    if (current == null) {
      return Future.<Void>succeededFuture().toCompletionStage();
    }
    connection = null;
    // Closing the session frees the lock too; the unlock first makes it free at once.
    return current
        .preparedQuery(UNLOCK)
        .execute(Tuple.of(key))
        .<Void>mapEmpty()
        .recover(error -> Future.succeededFuture())
        .compose(unlocked -> current.close())
        .recover(
            error -> {
              log.debug("job lease: closing its connection failed: {}", error.toString());
              return Future.succeededFuture();
            })
        .toCompletionStage();
  }

  /** The server process of the lease's session, if it has one: how a test ends that session. */
  java.util.OptionalInt sessionPid() {
    PgConnection current = connection;
    return current == null
        ? java.util.OptionalInt.empty()
        : java.util.OptionalInt.of(current.processId());
  }

  /** A setting of the lease's session ({@code current_setting}): how a test sees its keepalives. */
  CompletionStage<String> sessionSetting(String name) {
    PgConnection current = connection;
    if (current == null) {
      return Future.<String>failedFuture(new IllegalStateException("no session"))
          .toCompletionStage();
    }
    return current
        .preparedQuery("SELECT current_setting($1) AS value")
        .execute(Tuple.of(name))
        .map(rows -> rows.iterator().next().getString("value"))
        .toCompletionStage();
  }

  private Future<PgConnection> connect() {
    return PgConnection.connect(vertx, options)
        .compose(open -> keepAlive(open).map(open))
        .map(
            open -> {
              connection = open;
              open.closeHandler(
                  closed -> {
                    if (connection == open) {
                      if (held) {
                        log.warn("job lease: its connection closed; the lease is lost");
                      }
                      held = false;
                      connection = null;
                    }
                  });
              return open;
            });
  }

  /** Asks for TCP keepalives on the session; a refusal leaves the server's own, and is no error. */
  private static Future<Void> keepAlive(PgConnection open) {
    return open.query(KEEPALIVE)
        .execute()
        .<Void>mapEmpty()
        .recover(
            error -> {
              log.debug("job lease: TCP keepalive settings refused: {}", error.toString());
              return Future.succeededFuture();
            });
  }

  private void drop() {
    PgConnection current = connection;
    held = false;
    connection = null;
    if (current != null) {
      current.close();
    }
  }
}
