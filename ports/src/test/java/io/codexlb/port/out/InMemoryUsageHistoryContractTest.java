package io.codexlb.port.out;

/**
 * {@link InMemoryUsageHistoryRepository} keeps the contract the real stores keep, so tests over it
 * are honest.
 */
class InMemoryUsageHistoryContractTest extends UsageHistoryRepositoryContract {

  @Override
  protected UsageHistoryRepository newRepository() {
    return new InMemoryUsageHistoryRepository();
  }
}
