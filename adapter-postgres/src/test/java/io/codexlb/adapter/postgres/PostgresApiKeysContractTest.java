package io.codexlb.adapter.postgres;

import io.codexlb.adapter.postgres.testing.TestPools;
import io.codexlb.port.out.ApiKeyRepository;
import io.codexlb.port.out.ApiKeyRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL keeps {@link ApiKeyRepositoryContract}: each repository is a store in a new, empty
 * schema.
 */
class PostgresApiKeysContractTest extends ApiKeyRepositoryContract {

  @RegisterExtension static final TestPools pools = new TestPools();

  @Override
  protected ApiKeyRepository newRepository() throws Exception {
    return StoreFixture.inNewSchema(pools).openInstance().ports().apiKeys();
  }
}
