package io.codexlb.bootstrap.store;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.ReadinessProbe;
import io.codexlb.port.out.StorePorts;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * An open store, migrated and checked against the encryption key, whichever adapter it is: its
 * ports, and what the bootstrap needs besides to run it.
 *
 * @param ports the driven ports the store implements
 * @param probe the readiness check of the open store
 * @param closer releases the store's connections; completes when they are closed
 */
public record Store(
    StorePorts ports, ReadinessProbe probe, Supplier<CompletionStage<Void>> closer) {

  public Store {
    requireNonNull(ports, "ports");
    requireNonNull(probe, "probe");
    requireNonNull(closer, "closer");
  }

  /** Closes the store's connections. */
  public CompletionStage<Void> close() {
    return closer.get();
  }
}
