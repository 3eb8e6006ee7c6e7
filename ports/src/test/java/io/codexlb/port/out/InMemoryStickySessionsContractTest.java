package io.codexlb.port.out;

/**
 * {@link InMemoryStickySessionRepository} keeps the contract the real stores keep, so tests over it
 * are honest.
 */
class InMemoryStickySessionsContractTest extends StickySessionRepositoryContract {

  @Override
  protected StickySessionRepository newRepository() {
    return new InMemoryStickySessionRepository();
  }
}
