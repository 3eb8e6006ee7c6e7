package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * {@link StoreChangePublisher} for one process: calls every subscriber on the publishing thread.
 * What a test uses, and what a store no other process shares needs.
 */
public final class InProcessStoreChangePublisher implements StoreChangePublisher {

  private final List<Consumer<StoreChange>> listeners = new CopyOnWriteArrayList<>();

  @Override
  public void publish(StoreChange change) {
    requireNonNull(change, "change");
    listeners.forEach(listener -> listener.accept(change));
  }

  @Override
  public void subscribe(Consumer<StoreChange> listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }
}
