package io.codexlb.port.out;

/** {@link InProcessStoreChangePublisher} keeps the contract the real stores' publishers keep. */
class InMemoryChangePublisherContractTest extends StoreChangePublisherContract {

  private final StoreChangePublisher shared = new InProcessStoreChangePublisher();

  @Override
  protected StoreChangePublisher publisher() {
    return shared;
  }

  @Override
  protected StoreChangePublisher otherInstancesPublisher() {
    return shared;
  }
}
