package io.codexlb.adapter.postgres;

import io.codexlb.adapter.postgres.testing.TestPools;
import io.codexlb.port.out.UsageHistoryRepository;
import io.codexlb.port.out.UsageHistoryRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL keeps {@link UsageHistoryRepositoryContract}: each repository is a store in a new,
 * empty schema.
 */
class PostgresUsageHistoryContractTest extends UsageHistoryRepositoryContract {

  @RegisterExtension static final TestPools pools = new TestPools();

  @Override
  protected UsageHistoryRepository newRepository() throws Exception {
    return StoreFixture.inNewSchema(pools).openInstance().ports().usageHistory();
  }
}
