package io.codexlb.adapter.postgres;

import io.codexlb.adapter.postgres.testing.TestPools;
import io.codexlb.port.out.RequestLogRepository;
import io.codexlb.port.out.RequestLogRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL keeps {@link RequestLogRepositoryContract}: each repository is a store in a new, empty
 * schema.
 */
class PostgresRequestLogsContractTest extends RequestLogRepositoryContract {

  @RegisterExtension static final TestPools pools = new TestPools();

  @Override
  protected RequestLogRepository newRepository() throws Exception {
    return StoreFixture.inNewSchema(pools).openInstance().ports().requestLogs();
  }
}
