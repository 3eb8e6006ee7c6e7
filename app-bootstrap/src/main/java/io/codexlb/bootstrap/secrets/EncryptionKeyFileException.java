package io.codexlb.bootstrap.secrets;

/**
 * The encryption key file cannot be read, created or used. The message is one line that names the
 * file and the problem, never the file's content.
 */
public final class EncryptionKeyFileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  EncryptionKeyFileException(String message) {
    super(message);
  }

  EncryptionKeyFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
