package io.codexlb.adapter.postgres;

import io.codexlb.adapter.postgres.testing.TestPools;
import io.codexlb.port.out.AdminAuthRepository;
import io.codexlb.port.out.AdminAuthRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL keeps {@link AdminAuthRepositoryContract}: each repository is a store in a new, empty
 * schema.
 */
class PostgresAdminAuthContractTest extends AdminAuthRepositoryContract {

  @RegisterExtension static final TestPools pools = new TestPools();

  @Override
  protected AdminAuthRepository newRepository() throws Exception {
    return StoreFixture.inNewSchema(pools).openInstance().ports().adminAuth();
  }
}
