package io.codexlb.adapter.postgres;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/** Builds the vertx-pg-client connection pools the PostgreSQL adapters share. */
public final class PostgresPools {

  /** How long opening one TCP connection may take before it fails. */
  static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  /** How long a caller may wait for a free connection from the pool before it fails. */
  static final int ACQUIRE_TIMEOUT_SECONDS = 10;

  /** How long an unused connection stays open before the pool closes it. */
  static final int IDLE_TIMEOUT_SECONDS = 300;

  private PostgresPools() {}

  /**
   * A pool of at most {@code maxSize} connections to the given database. Connecting fails fast when
   * the server cannot be reached (within {@value #CONNECT_TIMEOUT_MILLIS} ms), and waiting for a
   * free connection is bounded too; connections are opened lazily, so creating the pool never fails
   * because the database is down. The caller owns the pool and closes it.
   *
   * @throws IllegalArgumentException if {@code maxSize} is below 1
   */
  public static Pool create(Vertx vertx, PostgresSettings settings, int maxSize) {
    requireNonNull(vertx, "vertx");
    requireNonNull(settings, "settings");
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize: " + maxSize + " (expected: 1 or more)");
    }
    PgConnectOptions connectOptions =
        new PgConnectOptions()
            .setHost(settings.host())
            .setPort(settings.port())
            .setDatabase(settings.database())
            .setUser(settings.user())
            .setPassword(settings.password())
            .setCachePreparedStatements(true);
    NetClientOptions netOptions =
        new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MILLIS).setTcpKeepAlive(true);
    PoolOptions poolOptions =
        new PoolOptions()
            .setMaxSize(maxSize)
            .setConnectionTimeout(ACQUIRE_TIMEOUT_SECONDS)
            .setConnectionTimeoutUnit(TimeUnit.SECONDS)
            .setIdleTimeout(IDLE_TIMEOUT_SECONDS)
            .setIdleTimeoutUnit(TimeUnit.SECONDS);
    return PgBuilder.pool()
        .with(poolOptions)
        .with(netOptions)
        .connectingTo(connectOptions)
        .using(vertx)
        .build();
  }
}
