package io.codexlb.adapter.postgres;

import io.codexlb.adapter.postgres.testing.TestPools;
import io.codexlb.port.out.StickySessionRepository;
import io.codexlb.port.out.StickySessionRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL keeps {@link StickySessionRepositoryContract}: each repository is a store in a new,
 * empty schema.
 */
class PostgresStickySessionsContractTest extends StickySessionRepositoryContract {

  @RegisterExtension static final TestPools pools = new TestPools();

  @Override
  protected StickySessionRepository newRepository() throws Exception {
    return StoreFixture.inNewSchema(pools).openInstance().ports().stickySessions();
  }
}
