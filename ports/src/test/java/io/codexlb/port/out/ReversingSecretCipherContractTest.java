package io.codexlb.port.out;

/** {@link ReversingSecretCipher}, the test cipher, keeps the contract the real cipher keeps. */
class ReversingSecretCipherContractTest extends SecretCipherContract {

  @Override
  protected SecretCipher cipher() {
    return new ReversingSecretCipher("one");
  }

  @Override
  protected SecretCipher cipherWithAnotherKey() {
    return new ReversingSecretCipher("two");
  }
}
