package io.codexlb.bootstrap.store;

/**
 * The store cannot be used by this codex-lb, and waiting will not change that: its schema is newer
 * than the code, it needs migrations that are turned off, or its secrets were sealed with another
 * encryption key. The message is one line for the operator and contains no secret.
 */
public final class StoreRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreRefusedException(String message) {
    super(message);
  }
}
