package io.codexlb.bootstrap.store;

import java.util.concurrent.CompletionStage;

/**
 * Opens the configured store: connects, applies or checks migrations. Each call is a fresh attempt,
 * so a store that was down can be tried again.
 */
@FunctionalInterface
public interface StoreOpener {

  /**
   * Opens the store. The stage fails with {@link StoreRefusedException} when trying again cannot
   * help (a schema newer than this code, migrations needed but turned off), and with any other
   * exception when it might (the database is down, the file is unreadable).
   */
  CompletionStage<Store> open();
}
