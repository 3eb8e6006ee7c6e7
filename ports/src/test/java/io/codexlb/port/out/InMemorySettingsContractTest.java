package io.codexlb.port.out;

/**
 * {@link InMemorySettingsRepository} keeps the contract the real stores keep, so tests over it are
 * honest.
 */
class InMemorySettingsContractTest extends SettingsRepositoryContract {

  @Override
  protected SettingsRepository newRepository() {
    return new InMemorySettingsRepository();
  }
}
