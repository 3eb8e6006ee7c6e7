package io.codexlb.application;

/** The store is not open (yet, or at all): the admin API answers 503 and the caller retries. */
public final class StoreNotOpenException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreNotOpenException() {
    super("the store is not open");
  }
}
