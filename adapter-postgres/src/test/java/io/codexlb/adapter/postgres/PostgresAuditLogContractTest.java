package io.codexlb.adapter.postgres;

import io.codexlb.adapter.postgres.testing.TestPools;
import io.codexlb.port.out.AuditLogRepository;
import io.codexlb.port.out.AuditLogRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL keeps {@link AuditLogRepositoryContract}: each repository is a store in a new, empty
 * schema.
 */
class PostgresAuditLogContractTest extends AuditLogRepositoryContract {

  @RegisterExtension static final TestPools pools = new TestPools();

  @Override
  protected AuditLogRepository newRepository() throws Exception {
    return StoreFixture.inNewSchema(pools).openInstance().ports().auditLogs();
  }
}
