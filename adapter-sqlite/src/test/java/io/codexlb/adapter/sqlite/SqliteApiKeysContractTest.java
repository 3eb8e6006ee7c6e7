package io.codexlb.adapter.sqlite;

import io.codexlb.port.out.ApiKeyRepository;
import io.codexlb.port.out.ApiKeyRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SQLite keeps {@link ApiKeyRepositoryContract}: each repository is a store in a fresh file. */
class SqliteApiKeysContractTest extends ApiKeyRepositoryContract {

  @RegisterExtension final TempStores stores = new TempStores();

  @Override
  protected ApiKeyRepository newRepository() throws Exception {
    return stores.open().ports().apiKeys();
  }
}
