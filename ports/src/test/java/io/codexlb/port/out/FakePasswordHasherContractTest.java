package io.codexlb.port.out;

/** {@link FakePasswordHasher} keeps the contract, so tests over it are honest. */
class FakePasswordHasherContractTest extends PasswordHasherContract {

  private final FakePasswordHasher hasher = new FakePasswordHasher();

  @Override
  protected PasswordHasher hasher() {
    return hasher;
  }
}
