package io.codexlb.adapter.sqlite;

import io.codexlb.port.out.AdminAuthRepository;
import io.codexlb.port.out.AdminAuthRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SQLite keeps {@link AdminAuthRepositoryContract}: each repository is a store in a fresh file. */
class SqliteAdminAuthContractTest extends AdminAuthRepositoryContract {

  @RegisterExtension final TempStores stores = new TempStores();

  @Override
  protected AdminAuthRepository newRepository() throws Exception {
    return stores.open().ports().adminAuth();
  }
}
