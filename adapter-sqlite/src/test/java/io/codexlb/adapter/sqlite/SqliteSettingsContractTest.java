package io.codexlb.adapter.sqlite;

import io.codexlb.port.out.SettingsRepository;
import io.codexlb.port.out.SettingsRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SQLite keeps {@link SettingsRepositoryContract}: each repository is a store in a fresh file. */
class SqliteSettingsContractTest extends SettingsRepositoryContract {

  @RegisterExtension final TempStores stores = new TempStores();

  @Override
  protected SettingsRepository newRepository() throws Exception {
    return stores.open().ports().settings();
  }
}
