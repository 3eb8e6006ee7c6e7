package io.codexlb.port.out;

/**
 * {@link InMemoryApiKeyRepository} keeps the contract the real stores keep, so tests over it are
 * honest.
 */
class InMemoryApiKeysContractTest extends ApiKeyRepositoryContract {

  @Override
  protected ApiKeyRepository newRepository() {
    return new InMemoryApiKeyRepository();
  }
}
