package io.codexlb.adapter.sqlite;

import io.codexlb.port.out.UsageHistoryRepository;
import io.codexlb.port.out.UsageHistoryRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SQLite keeps {@link UsageHistoryRepositoryContract}: each repository is a store in a fresh file.
 */
class SqliteUsageHistoryContractTest extends UsageHistoryRepositoryContract {

  @RegisterExtension final TempStores stores = new TempStores();

  @Override
  protected UsageHistoryRepository newRepository() throws Exception {
    return stores.open().ports().usageHistory();
  }
}
