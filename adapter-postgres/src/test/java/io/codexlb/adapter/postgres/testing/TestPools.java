package io.codexlb.adapter.postgres.testing;

import static java.util.Objects.requireNonNull;

import io.codexlb.adapter.postgres.PostgresPools;
import io.codexlb.adapter.postgres.PostgresSettings;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Vert.x per test class and the pools a test opens on it, closed after each test, with the
 * schemas it made dropped. Register it as {@code @RegisterExtension static final TestPools pools =
 * new TestPools();}.
 */
public final class TestPools implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

  private static final long CLOSE_LIMIT_SECONDS = 10;

  private final List<Supplier<CompletionStage<?>>> closers = new ArrayList<>();
  private final List<Pool> open = new ArrayList<>();
  private final List<String> schemas = new ArrayList<>();
  private PostgresSettings schemasSettings;
  private Vertx vertx;

  @Override
  public void beforeAll(ExtensionContext context) {
    vertx = Vertx.vertx();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (Supplier<CompletionStage<?>> closer : closers) {
      closer.get().toCompletableFuture().get(CLOSE_LIMIT_SECONDS, TimeUnit.SECONDS);
    }
    closers.clear();
    for (Pool pool : open) {
      pool.close().await(CLOSE_LIMIT_SECONDS, TimeUnit.SECONDS);
    }
    open.clear();
    if (!schemas.isEmpty()) {
      Pool admin = PostgresPools.create(vertx(), schemasSettings, 1);
      try {
        for (String schema : schemas) {
          admin
              .query("DROP SCHEMA IF EXISTS " + schema + " CASCADE")
              .execute()
              .await(CLOSE_LIMIT_SECONDS, TimeUnit.SECONDS);
        }
      } finally {
        schemas.clear();
        admin.close().await(CLOSE_LIMIT_SECONDS, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    vertx.close().await(CLOSE_LIMIT_SECONDS, TimeUnit.SECONDS);
  }

  /** The Vert.x instance of the running test class. */
  public Vertx vertx() {
    return requireNonNull(vertx, "vertx (expected: registered as a static @RegisterExtension)");
  }

  /** A pool of {@code maxSize} connections to {@code settings}, closed after the test. */
  public Pool create(PostgresSettings settings, int maxSize) {
    Pool pool = PostgresPools.create(vertx(), settings, maxSize);
    open.add(pool);
    return pool;
  }

  /** Runs {@code closer} after the test, before the pools close: for stores opened on them. */
  public void closeAfterTest(Supplier<CompletionStage<?>> closer) {
    closers.add(requireNonNull(closer, "closer"));
  }

  /**
   * A pool of {@code maxSize} connections to {@code settings} whose tables live in {@code schema}
   * (see {@link #newSchema}), closed after the test.
   */
  public Pool create(PostgresSettings settings, int maxSize, String schema) {
    Pool pool = PostgresPools.create(vertx(), settings, maxSize, schema);
    open.add(pool);
    return pool;
  }

  /**
   * Creates a new, empty schema with a random name and returns the name; it is dropped, with
   * everything in it, after the test. Tests that each use their own schema share nothing, in any
   * order, on a fresh database or a used one.
   */
  public String newSchema(PostgresSettings settings) throws Exception {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    Pool admin = PostgresPools.create(vertx(), settings, 1);
    try {
      admin.query("CREATE SCHEMA " + schema).execute().await(CLOSE_LIMIT_SECONDS, TimeUnit.SECONDS);
    } finally {
      admin.close().await(CLOSE_LIMIT_SECONDS, TimeUnit.SECONDS);
    }
    schemasSettings = settings;
    schemas.add(schema);
    return schema;
  }
}
