package io.codexlb.port.out;

/** {@link InMemoryStickySessionRepository} keeps the contract the real stores keep. */
class InMemoryStickySessionsContractTest extends StickySessionRepositoryContract {

  @Override
  protected StickySessionRepository newRepository() {
    return new InMemoryStickySessionRepository();
  }
}
