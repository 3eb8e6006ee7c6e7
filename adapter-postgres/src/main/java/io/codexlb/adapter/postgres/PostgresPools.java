package io.codexlb.adapter.postgres;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Builds the vertx-pg-client connection pools the PostgreSQL adapters share. */
public final class PostgresPools {

  /** How long opening one TCP connection may take before it fails. */
  static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  /** How long a caller may wait for a free connection from the pool before it fails. */
  static final int ACQUIRE_TIMEOUT_SECONDS = 10;

  /** How long an unused connection stays open before the pool closes it. */
  static final int IDLE_TIMEOUT_SECONDS = 300;

  // Lower-case only: the schema also names the change channel, which LISTEN quotes.
  private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,40}");

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
    requireNonNull(settings, "settings");
    return build(vertx, connectOptions(settings), maxSize);
  }

  /**
   * Like {@link #create(Vertx, PostgresSettings, int)}, with every connection's {@code search_path}
   * set to {@code schema}, so that the store's tables live in that schema: several stores can share
   * one database (tests give each test class its own schema). The schema must exist before the
   * store opens.
   *
   * @throws IllegalArgumentException if {@code schema} is not a lower-case SQL identifier
   */
  public static Pool create(Vertx vertx, PostgresSettings settings, int maxSize, String schema) {
    requireNonNull(settings, "settings");
    requireNonNull(schema, "schema");
    if (!SCHEMA_NAME.matcher(schema).matches()) {
      throw new IllegalArgumentException(
          "schema: '" + schema + "' (expected: a-z, 0-9 and _, starting with a letter or _)");
    }
    return build(vertx, connectOptions(settings).addProperty("search_path", schema), maxSize);
  }

  /** How to connect to the database, with the driver's default session properties. */
  static PgConnectOptions connectOptions(PostgresSettings settings) {
    return new PgConnectOptions()
        .setHost(settings.host())
        .setPort(settings.port())
        .setDatabase(settings.database())
        .setUser(settings.user())
        .setPassword(settings.password())
        .setCachePreparedStatements(true);
  }

  private static Pool build(Vertx vertx, PgConnectOptions connectOptions, int maxSize) {
    requireNonNull(vertx, "vertx");
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize: " + maxSize + " (expected: 1 or more)");
    }
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
