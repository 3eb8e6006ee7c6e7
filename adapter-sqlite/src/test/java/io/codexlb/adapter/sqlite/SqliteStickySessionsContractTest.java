package io.codexlb.adapter.sqlite;

import io.codexlb.port.out.StickySessionRepository;
import io.codexlb.port.out.StickySessionRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SQLite keeps {@link StickySessionRepositoryContract}: each repository is a store in a fresh file.
 */
class SqliteStickySessionsContractTest extends StickySessionRepositoryContract {

  @RegisterExtension final TempStores stores = new TempStores();

  @Override
  protected StickySessionRepository newRepository() throws Exception {
    return stores.open().ports().stickySessions();
  }
}
