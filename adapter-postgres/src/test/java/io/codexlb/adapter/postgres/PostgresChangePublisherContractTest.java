package io.codexlb.adapter.postgres;

import io.codexlb.adapter.postgres.testing.TestPools;
import io.codexlb.port.out.StoreChangePublisher;
import io.codexlb.port.out.StoreChangePublisherContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL keeps {@link StoreChangePublisherContract}: two instances are two pools and two stores
 * on one new schema.
 */
class PostgresChangePublisherContractTest extends StoreChangePublisherContract {

  @RegisterExtension static final TestPools pools = new TestPools();

  private StoreFixture fixture;

  private StoreFixture fixture() throws Exception {
    if (fixture == null) {
      fixture = StoreFixture.inNewSchema(pools);
    }
    return fixture;
  }

  @Override
  protected StoreChangePublisher publisher() throws Exception {
    return fixture().openInstance().ports().changes();
  }

  @Override
  protected StoreChangePublisher otherInstancesPublisher() throws Exception {
    return fixture().openInstance().ports().changes();
  }
}
