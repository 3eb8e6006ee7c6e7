package io.codexlb.adapter.postgres;

import io.codexlb.adapter.postgres.testing.TestPools;
import io.codexlb.port.out.StoreMetadataRepository;
import io.codexlb.port.out.StoreMetadataRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL keeps {@link StoreMetadataRepositoryContract}: each repository is a store in a new,
 * empty schema.
 */
class PostgresStoreMetadataContractTest extends StoreMetadataRepositoryContract {

  @RegisterExtension static final TestPools pools = new TestPools();

  @Override
  protected StoreMetadataRepository newRepository() throws Exception {
    return StoreFixture.inNewSchema(pools).openInstance().ports().metadata();
  }
}
