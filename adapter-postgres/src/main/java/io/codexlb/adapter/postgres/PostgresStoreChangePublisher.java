package io.codexlb.adapter.postgres;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StoreChangePublisher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store changes through PostgreSQL's LISTEN/NOTIFY, on one channel per store: one dedicated
 * connection listens on it for every instance's changes, this one's included.
 *
 * <p>The store's repositories announce their own writes: each write that changes what in-memory
 * copies hold sends {@code pg_notify} on this channel in the write's own transaction, so every
 * instance hears of it once it commits, whoever made it (another server, the {@code keys} command),
 * and never of a write that rolled back. Callers therefore need not call {@link #publish}; it stays
 * for changes made some other way, and sends {@code NOTIFY} on its own statement, after the fact.
 *
 * <p>When the listening connection drops it reconnects, every {@value #RECONNECT_DELAY_MILLIS} ms
 * for as long as it takes. Notifications sent while it was away are lost, so once it listens again
 * it delivers every {@link StoreChange} once and subscribers reload everything.
 */
public final class PostgresStoreChangePublisher implements StoreChangePublisher {

  /** The channel of a store in the {@code public} schema. */
  public static final String DEFAULT_CHANNEL = "codex_lb_changes";

  static final long RECONNECT_DELAY_MILLIS = 500;

  private static final Logger log = LoggerFactory.getLogger(PostgresStoreChangePublisher.class);

  private final Pool pool;
  private final PgChannel channel;
  private final PgSubscriber subscriber;
  private final List<Consumer<StoreChange>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicInteger subscriptions = new AtomicInteger();

  /**
   * A publisher that notifies through {@code pool} and listens on its own connection made with
   * {@code settings}, on {@code channel}. Call {@link #start()} before relying on deliveries.
   */
  public PostgresStoreChangePublisher(
      Vertx vertx, Pool pool, PostgresSettings settings, String channel) {
    requireNonNull(vertx, "vertx");
    this.pool = requireNonNull(pool, "pool");
    requireNonNull(settings, "settings");
    this.channel = new PgChannel(channel);
    this.subscriber =
        PgSubscriber.subscriber(vertx, PostgresPools.connectOptions(settings))
            .reconnectPolicy(this::reconnectDelay);
    subscriber
        .channel(channel)
        .subscribeHandler(ignored -> onListening())
        .handler(this::onNotification);
  }

  /** The channel notifications travel on. */
  public String channel() {
    return channel.name();
  }

  /** Connects the listening connection; completes once it listens. */
  public Future<Void> start() {
    return subscriber.connect();
  }

  /** Stops listening; publishing still works while the pool is open. */
  public Future<Void> close() {
    return subscriber.close();
  }

  /**
   * Announces {@code change} on its own statement, fire and forget. The repositories already
   * announce their writes in the writes' transactions; this is for changes made some other way.
   */
  @Override
  public void publish(StoreChange change) {
    requireNonNull(change, "change");
    channel
        .announce(pool, change)
        .onFailure(
            error ->
                // Other instances miss this change until their next reconnect or restart.
                log.warn(
                    "store change {} not announced on {}: {}", change, channel, error.toString()));
  }

  @Override
  public void subscribe(Consumer<StoreChange> listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  /** Called when the listening connection is lost (attempt 0) and after each failed reconnect. */
  private long reconnectDelay(int attempt) {
    if (attempt == 0) {
      log.warn(
          "lost the connection listening on {}; reconnecting every {} ms",
          channel,
          RECONNECT_DELAY_MILLIS);
    }
    return RECONNECT_DELAY_MILLIS;
  }

  private void onListening() {
    if (subscriptions.incrementAndGet() == 1) {
      return;
    }
    log.info("listening on {} again; announcing every store change", channel);
    for (StoreChange change : StoreChange.values()) {
      deliver(change);
    }
  }

  private void onNotification(String payload) {
    StoreChange change;
    try {
      change = StoreChange.valueOf(payload);
    } catch (IllegalArgumentException e) {
      // A newer codex-lb may announce changes this one does not know; reload everything.
      log.warn("unknown store change '{}' on {}; reloading everything", payload, channel);
      for (StoreChange each : StoreChange.values()) {
        deliver(each);
      }
      return;
    }
    deliver(change);
  }

  private void deliver(StoreChange change) {
    for (Consumer<StoreChange> listener : listeners) {
      try {
        listener.accept(change);
      } catch (RuntimeException e) {
        // One broken subscriber must not keep the others from hearing of the change.
        log.error("store change subscriber failed on {}", change, e);
      }
    }
  }
}
