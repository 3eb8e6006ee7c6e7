package io.codexlb.adapter.sqlite;

import io.codexlb.port.out.RequestLogRepository;
import io.codexlb.port.out.RequestLogRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SQLite keeps {@link RequestLogRepositoryContract}: each repository is a store in a fresh file.
 */
class SqliteRequestLogsContractTest extends RequestLogRepositoryContract {

  @RegisterExtension final TempStores stores = new TempStores();

  @Override
  protected RequestLogRepository newRepository() throws Exception {
    return stores.open().ports().requestLogs();
  }
}
