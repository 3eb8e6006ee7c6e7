package io.codexlb.adapter.postgres;

import io.codexlb.adapter.postgres.testing.TestPools;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.AccountRepositoryContract;
import io.codexlb.port.out.ApiKeyRepository;
import io.codexlb.port.out.ApiKeyRepositoryContract;
import io.codexlb.port.out.RequestLogRepository;
import io.codexlb.port.out.RequestLogRepositoryContract;
import io.codexlb.port.out.SettingsRepository;
import io.codexlb.port.out.SettingsRepositoryContract;
import io.codexlb.port.out.StoreChangePublisher;
import io.codexlb.port.out.StoreChangePublisherContract;
import io.codexlb.port.out.StoreMetadataRepository;
import io.codexlb.port.out.StoreMetadataRepositoryContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The PostgreSQL store keeps every persistence port's contract. Each repository under test is a
 * store opened in a new, empty schema of its own.
 */
class PostgresContractsTest {

  @RegisterExtension static final TestPools pools = new TestPools();

  private static PostgresStore newStore() throws Exception {
    return StoreFixture.inNewSchema(pools).openInstance();
  }

  @Nested
  class Accounts extends AccountRepositoryContract {
    @Override
    protected AccountRepository newRepository() throws Exception {
      return newStore().ports().accounts();
    }
  }

  @Nested
  class ApiKeys extends ApiKeyRepositoryContract {
    @Override
    protected ApiKeyRepository newRepository() throws Exception {
      return newStore().ports().apiKeys();
    }
  }

  @Nested
  class Settings extends SettingsRepositoryContract {
    @Override
    protected SettingsRepository newRepository() throws Exception {
      return newStore().ports().settings();
    }
  }

  @Nested
  class RequestLogs extends RequestLogRepositoryContract {
    @Override
    protected RequestLogRepository newRepository() throws Exception {
      return newStore().ports().requestLogs();
    }
  }

  @Nested
  class StoreMetadata extends StoreMetadataRepositoryContract {
    @Override
    protected StoreMetadataRepository newRepository() throws Exception {
      return newStore().ports().metadata();
    }
  }

  /** Two instances: two pools and two stores on one schema. */
  @Nested
  class ChangePublisher extends StoreChangePublisherContract {

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
}
