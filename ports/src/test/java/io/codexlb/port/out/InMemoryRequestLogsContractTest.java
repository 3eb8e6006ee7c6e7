package io.codexlb.port.out;

/**
 * {@link InMemoryRequestLogRepository} keeps the contract the real stores keep, so tests over it
 * are honest.
 */
class InMemoryRequestLogsContractTest extends RequestLogRepositoryContract {

  @Override
  protected RequestLogRepository newRepository() {
    return new InMemoryRequestLogRepository();
  }
}
