package io.codexlb.adapter.sqlite;

import io.codexlb.port.out.StoreMetadataRepository;
import io.codexlb.port.out.StoreMetadataRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SQLite keeps {@link StoreMetadataRepositoryContract}: each repository is a store in a fresh file.
 */
class SqliteStoreMetadataContractTest extends StoreMetadataRepositoryContract {

  @RegisterExtension final TempStores stores = new TempStores();

  @Override
  protected StoreMetadataRepository newRepository() throws Exception {
    return stores.open().ports().metadata();
  }
}
