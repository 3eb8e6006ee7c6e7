package io.codexlb.port.out;

/** {@link InMemoryAdminAuthRepository} keeps the contract the real stores keep. */
class InMemoryAdminAuthContractTest extends AdminAuthRepositoryContract {

  @Override
  protected AdminAuthRepository newRepository() {
    return new InMemoryAdminAuthRepository();
  }
}
