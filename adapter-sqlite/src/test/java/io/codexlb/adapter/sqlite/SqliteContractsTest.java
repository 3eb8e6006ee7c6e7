package io.codexlb.adapter.sqlite;

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

/** The SQLite store keeps every persistence port's contract, each test on a fresh file. */
class SqliteContractsTest {

  @RegisterExtension final TempStores stores = new TempStores();

  @Nested
  class Accounts extends AccountRepositoryContract {
    @Override
    protected AccountRepository newRepository() throws Exception {
      return stores.open().ports().accounts();
    }
  }

  @Nested
  class ApiKeys extends ApiKeyRepositoryContract {
    @Override
    protected ApiKeyRepository newRepository() throws Exception {
      return stores.open().ports().apiKeys();
    }
  }

  @Nested
  class Settings extends SettingsRepositoryContract {
    @Override
    protected SettingsRepository newRepository() throws Exception {
      return stores.open().ports().settings();
    }
  }

  @Nested
  class RequestLogs extends RequestLogRepositoryContract {
    @Override
    protected RequestLogRepository newRepository() throws Exception {
      return stores.open().ports().requestLogs();
    }
  }

  @Nested
  class StoreMetadata extends StoreMetadataRepositoryContract {
    @Override
    protected StoreMetadataRepository newRepository() throws Exception {
      return stores.open().ports().metadata();
    }
  }

  @Nested
  class ChangePublisher extends StoreChangePublisherContract {
    // One process uses the file, so "another instance" is this process too.
    private final StoreChangePublisher shared = new InProcessStoreChangePublisher();

    @Override
    protected StoreChangePublisher publisher() {
      return shared;
    }

    @Override
    protected StoreChangePublisher otherInstancesPublisher() {
      return shared;
    }
  }
}
