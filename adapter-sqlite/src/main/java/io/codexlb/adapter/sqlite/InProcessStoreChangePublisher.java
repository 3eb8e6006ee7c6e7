package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StoreChangePublisher;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change notices for a store only this process uses, as the embedded SQLite store is: a publish
 * reaches this process's subscribers directly, on the given executor. A subscriber that throws is
 * logged and does not keep the others from hearing the change.
 */
public final class InProcessStoreChangePublisher implements StoreChangePublisher {

  private static final Logger log = LoggerFactory.getLogger(InProcessStoreChangePublisher.class);

  private final Executor delivery;
  private final List<Consumer<StoreChange>> listeners = new CopyOnWriteArrayList<>();

  /** Calls subscribers on the thread that publishes. */
  public InProcessStoreChangePublisher() {
    this(Runnable::run);
  }

  /** Calls subscribers on {@code delivery}, such as an event loop's context. */
  public InProcessStoreChangePublisher(Executor delivery) {
    this.delivery = requireNonNull(delivery, "delivery");
  }

  @Override
  public void publish(StoreChange change) {
    requireNonNull(change, "change");
    for (Consumer<StoreChange> listener : listeners) {
      delivery.execute(() -> notify(listener, change));
    }
  }

  @Override
  public void subscribe(Consumer<StoreChange> listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  private static void notify(Consumer<StoreChange> listener, StoreChange change) {
    try {
      listener.accept(change);
    } catch (RuntimeException e) {
      log.warn("a subscriber to store changes failed on {}: {}", change, e.toString());
    }
  }
}
