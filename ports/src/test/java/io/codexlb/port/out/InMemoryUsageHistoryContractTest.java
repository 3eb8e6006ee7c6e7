package io.codexlb.port.out;

class InMemoryUsageHistoryContractTest extends UsageHistoryRepositoryContract {
  @Override
  protected UsageHistoryRepository newRepository() {
    return new InMemoryUsageHistoryRepository();
  }
}
