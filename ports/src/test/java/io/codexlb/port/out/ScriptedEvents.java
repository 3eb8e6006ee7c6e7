package io.codexlb.port.out;

import io.codexlb.domain.upstream.UpstreamEvent;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test publisher of upstream events that honours demand: it emits, synchronously, as many of its
 * events as were requested, and remembers whether it was cancelled and how many it emitted.
 */
public final class ScriptedEvents implements Flow.Publisher<UpstreamEvent> {

  private final List<UpstreamEvent> events;
  private final AtomicInteger emitted = new AtomicInteger();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final AtomicBoolean subscribed = new AtomicBoolean();

  public ScriptedEvents(List<UpstreamEvent> events) {
    this.events = List.copyOf(events);
  }

  @Override
  public void subscribe(Flow.Subscriber<? super UpstreamEvent> subscriber) {
    if (!subscribed.compareAndSet(false, true)) {
      throw new IllegalStateException("subscribed twice");
    }
    subscriber.onSubscribe(
        new Flow.Subscription() {
          private long demand;
          private boolean emitting;

          @Override
          public void request(long n) {
            demand += n;
            if (emitting) {
              return; // the loop below picks the new demand up
            }
            emitting = true;
            while (demand > 0 && !cancelled.get() && emitted.get() < events.size()) {
              demand--;
              UpstreamEvent event = events.get(emitted.getAndIncrement());
              subscriber.onNext(event);
              if (emitted.get() == events.size()) {
                subscriber.onComplete();
              }
            }
            emitting = false;
          }

          @Override
          public void cancel() {
            cancelled.set(true);
          }
        });
  }

  /** Whether the subscriber cancelled. */
  public boolean cancelled() {
    return cancelled.get();
  }

  /** How many events were emitted. */
  public int emitted() {
    return emitted.get();
  }

  /** Whether anyone subscribed. */
  public boolean subscribed() {
    return subscribed.get();
  }
}
