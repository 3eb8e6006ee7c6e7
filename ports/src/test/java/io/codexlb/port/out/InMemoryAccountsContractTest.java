package io.codexlb.port.out;

/**
 * {@link InMemoryAccountRepository} keeps the contract the real stores keep, so tests over it are
 * honest.
 */
class InMemoryAccountsContractTest extends AccountRepositoryContract {

  @Override
  protected AccountRepository newRepository() {
    return new InMemoryAccountRepository();
  }
}
