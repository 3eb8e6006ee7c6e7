package io.codexlb.port.out;

class InMemoryAuditLogContractTest extends AuditLogRepositoryContract {
  @Override
  protected AuditLogRepository newRepository() {
    return new InMemoryAuditLogRepository();
  }
}
