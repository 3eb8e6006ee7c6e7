package io.codexlb.port.out;

/** The in-memory fake keeps {@link LimitLeaseRepositoryContract}. */
class InMemoryLimitLeasesContractTest extends LimitLeaseRepositoryContract {

  @Override
  protected Store newStore() {
    InMemoryApiKeyRepository keys = new InMemoryApiKeyRepository();
    InMemoryLimitLeaseRepository leases = new InMemoryLimitLeaseRepository(keys);
    return new Store() {
      @Override
      public ApiKeyRepository keys() {
        return keys;
      }

      @Override
      public LimitLeaseRepository newInstance() {
        return leases;
      }
    };
  }
}
