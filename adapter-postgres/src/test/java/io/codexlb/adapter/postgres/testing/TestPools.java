package io.codexlb.adapter.postgres.testing;

import static java.util.Objects.requireNonNull;

import io.codexlb.adapter.postgres.PostgresPools;
import io.codexlb.adapter.postgres.PostgresSettings;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Vert.x per test class and the pools a test opens on it, closed after each test. Register it
 * as {@code @RegisterExtension static final TestPools pools = new TestPools();}.
 */
public final class TestPools implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

  private static final long CLOSE_LIMIT_SECONDS = 10;

  private final List<Pool> open = new ArrayList<>();
  private Vertx vertx;

  @Override
  public void beforeAll(ExtensionContext context) {
    vertx = Vertx.vertx();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (Pool pool : open) {
      pool.close().await(CLOSE_LIMIT_SECONDS, TimeUnit.SECONDS);
    }
    open.clear();
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
}
