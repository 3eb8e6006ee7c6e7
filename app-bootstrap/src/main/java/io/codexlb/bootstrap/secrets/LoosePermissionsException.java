package io.codexlb.bootstrap.secrets;

/**
 * A private file or directory (the data directory, the encryption key file) is open to group or
 * others and could not be made private. The message is one line naming the path, its mode and the
 * reason, never a file's content.
 */
public final class LoosePermissionsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  LoosePermissionsException(String message, Throwable cause) {
    super(message, cause);
  }

  LoosePermissionsException(String message) {
    super(message);
  }
}
