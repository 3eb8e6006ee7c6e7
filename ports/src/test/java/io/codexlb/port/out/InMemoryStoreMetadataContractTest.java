package io.codexlb.port.out;

/**
 * {@link InMemoryStoreMetadataRepository} keeps the contract the real stores keep, so tests over it
 * are honest.
 */
class InMemoryStoreMetadataContractTest extends StoreMetadataRepositoryContract {

  @Override
  protected StoreMetadataRepository newRepository() {
    return new InMemoryStoreMetadataRepository();
  }
}
