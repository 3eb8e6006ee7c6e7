package io.codexlb.adapter.sqlite;

import io.codexlb.port.out.AuditLogRepository;
import io.codexlb.port.out.AuditLogRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SQLite keeps {@link AuditLogRepositoryContract}: each repository is a store in a fresh file. */
class SqliteAuditLogContractTest extends AuditLogRepositoryContract {

  @RegisterExtension final TempStores stores = new TempStores();

  @Override
  protected AuditLogRepository newRepository() throws Exception {
    return stores.open().ports().auditLogs();
  }
}
