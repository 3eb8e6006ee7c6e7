package io.codexlb.adapter.postgres;

import io.codexlb.adapter.postgres.testing.TestPools;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.AccountRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL keeps {@link AccountRepositoryContract}: each repository is a store in a new, empty
 * schema.
 */
class PostgresAccountsContractTest extends AccountRepositoryContract {

  @RegisterExtension static final TestPools pools = new TestPools();

  @Override
  protected AccountRepository newRepository() throws Exception {
    return StoreFixture.inNewSchema(pools).openInstance().ports().accounts();
  }
}
