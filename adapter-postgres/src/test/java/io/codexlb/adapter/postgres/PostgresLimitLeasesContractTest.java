package io.codexlb.adapter.postgres;

import io.codexlb.adapter.postgres.testing.TestPools;
import io.codexlb.port.out.ApiKeyRepository;
import io.codexlb.port.out.LimitLeaseRepository;
import io.codexlb.port.out.LimitLeaseRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL keeps {@link LimitLeaseRepositoryContract}: each store is a new, empty schema, and
 * each instance opens it with its own pool, as separate processes would.
 */
class PostgresLimitLeasesContractTest extends LimitLeaseRepositoryContract {

  @RegisterExtension static final TestPools pools = new TestPools();

  @Override
  protected Store newStore() throws Exception {
    StoreFixture fixture = StoreFixture.inNewSchema(pools);
    ApiKeyRepository keys = fixture.openInstance().ports().apiKeys();
    return new Store() {
      @Override
      public ApiKeyRepository keys() {
        return keys;
      }

      @Override
      public LimitLeaseRepository newInstance() throws Exception {
        return fixture.openInstance().limitLeases();
      }
    };
  }
}
