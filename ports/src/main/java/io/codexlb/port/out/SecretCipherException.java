package io.codexlb.port.out;

/**
 * A sealed secret could not be opened: the key differs from the one that sealed it, or the
 * ciphertext was altered. The message never contains the secret or the key.
 */
public final class SecretCipherException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SecretCipherException(String message) {
    super(message);
  }

  public SecretCipherException(String message, Throwable cause) {
    super(message, cause);
  }
}
