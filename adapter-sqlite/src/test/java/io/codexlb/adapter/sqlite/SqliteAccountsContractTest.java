package io.codexlb.adapter.sqlite;

import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.AccountRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SQLite keeps {@link AccountRepositoryContract}: each repository is a store in a fresh file. */
class SqliteAccountsContractTest extends AccountRepositoryContract {

  @RegisterExtension final TempStores stores = new TempStores();

  @Override
  protected AccountRepository newRepository() throws Exception {
    return stores.open().ports().accounts();
  }
}
