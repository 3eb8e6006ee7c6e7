package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.domain.upstream.UpstreamFailure;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Sits between an upstream event stream and the client. It first holds back the events that carry
 * nothing yet ({@code response.created}, {@code codex.rate_limits}, an item or part added), so that
 * a failure that comes right after them (such as {@code server_is_overloaded} inside a 200) can
 * still fail over, or be answered with an HTTP error status: nothing has reached the client. At the
 * first event with content, or a terminal one that does not fail over, it commits and then relays
 * everything with the client's demand passed upstream.
 *
 * <p>Every signal (upstream events, client demand and cancel, from any thread) runs through one
 * serial queue, so the state needs no lock and a re-entrant call (a client that requests more from
 * inside {@code onNext}) is run after the current one instead of inside it.
 */
final class ResponseRelay implements Flow.Subscriber<UpstreamEvent>, Flow.Publisher<UpstreamEvent> {

  /** At most this many events are held back before the relay commits anyway. */
  static final int MAX_HELD = 16;

  /** What the relay tells the request it serves. */
  interface Listener {
    /** The stream goes to the client now: the relay may be subscribed to. */
    void committed();

    /**
     * A failure ended the stream before anything reached the client: the request may fail over, or
     * be refused with an HTTP status.
     */
    void failedBeforeCommit(UpstreamFailure failure);

    /** An event is about to reach the client. */
    void delivering(UpstreamEvent event);

    /** The terminal event reached the client. */
    void ended(UpstreamEvent terminal);

    /**
     * The client cancelled (or went away) before the terminal event reached it; upstream is
     * cancelled. Called before or after {@link #committed()}.
     *
     * @param completedUnsent the terminal {@code response.completed} when upstream had already sent
     *     it but the client had not taken it yet: the usage it reports is known
     */
    void cancelled(Optional<UpstreamEvent.Completed> completedUnsent);
  }

  private enum Phase {
    HOLDING,
    COMMITTED,
    DONE
  }

  private final Listener listener;
  private final ConcurrentLinkedQueue<Runnable> signals = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pendingSignals = new AtomicInteger();
  private final ArrayDeque<UpstreamEvent> buffer = new ArrayDeque<>();

  // Touched only by signals, which run one at a time.
  private Phase phase = Phase.HOLDING;
  private Flow.@Nullable Subscription upstream;
  private long askedUpstream;
  private boolean terminalReceived;
  private Flow.@Nullable Subscriber<? super UpstreamEvent> client;
  private long clientDemand;
  // The client should get its first bytes now: nothing more is held back.
  private boolean holdNoMore;

  ResponseRelay(Listener listener) {
    this.listener = requireNonNull(listener, "listener");
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    requireNonNull(subscription, "subscription");
    signal(
        () -> {
          upstream = subscription;
          if (phase == Phase.DONE) {
            subscription.cancel();
            return;
          }
          askUpstream(1);
        });
  }

  @Override
  public void onNext(UpstreamEvent event) {
    requireNonNull(event, "event");
    signal(() -> received(event));
  }

  @Override
  public void onError(Throwable error) {
    // The port promises a terminal event instead; treat a broken promise as a cut.
    signal(
        () -> {
          if (!terminalReceived) {
            received(cut("upstream stream failed: " + error.getClass().getSimpleName()));
          }
        });
  }

  @Override
  public void onComplete() {
    signal(
        () -> {
          if (!terminalReceived) {
            received(cut("upstream stream ended without a terminal event"));
          }
        });
  }

  @Override
  public void subscribe(Flow.Subscriber<? super UpstreamEvent> subscriber) {
    requireNonNull(subscriber, "subscriber");
    signal(
        () -> {
          if (client != null) {
            subscriber.onSubscribe(new NoSubscription());
            subscriber.onError(new IllegalStateException("a response stream has one subscriber"));
            return;
          }
          client = subscriber;
          subscriber.onSubscribe(new ClientSubscription());
          drain();
        });
  }

  /**
   * The client went away, whether or not it subscribed yet (it may never): as a cancel by the
   * client. Any thread; a no-op once the stream ended.
   */
  void abandon() {
    signal(this::cancelByClient);
  }

  /**
   * The client has waited long enough for its first bytes: commits with what is held (or, when
   * nothing came yet, at upstream's first event) instead of waiting for content; a failure after
   * that reaches the client as its terminal event instead of failing over. Any thread; a no-op once
   * committed or ended.
   */
  void commitNow() {
    signal(
        () -> {
          if (phase != Phase.HOLDING) {
            return;
          }
          holdNoMore = true;
          if (!buffer.isEmpty()) {
            phase = Phase.COMMITTED;
            listener.committed();
          }
        });
  }

  private void received(UpstreamEvent event) {
    askedUpstream = Math.max(0, askedUpstream - 1);
    terminalReceived |= event.terminal();
    if (phase == Phase.DONE) {
      return;
    }
    if (phase == Phase.HOLDING) {
      if (event instanceof UpstreamEvent.Failed failed) {
        phase = Phase.DONE;
        buffer.clear();
        listener.failedBeforeCommit(failed.failure());
        return;
      }
      buffer.add(event);
      if (holdable(event) && buffer.size() < MAX_HELD && !holdNoMore) {
        askUpstream(1);
        return;
      }
      phase = Phase.COMMITTED;
      listener.committed();
      return;
    }
    buffer.add(event);
    drain();
  }

  private void drain() {
    Flow.Subscriber<? super UpstreamEvent> subscriber = client;
    if (subscriber == null || phase != Phase.COMMITTED) {
      return;
    }
    while (clientDemand > 0 && !buffer.isEmpty()) {
      UpstreamEvent event = buffer.poll();
      clientDemand--;
      listener.delivering(event);
      if (!toClient(() -> subscriber.onNext(event))) {
        return;
      }
      if (event.terminal()) {
        phase = Phase.DONE;
        toClient(subscriber::onComplete);
        listener.ended(event);
        return;
      }
    }
    long wanted = clientDemand - buffer.size() - askedUpstream;
    if (wanted > 0 && !terminalReceived) {
      askUpstream(wanted);
    }
  }

  /**
   * Calls the client. A client that throws broke its contract (Reactive Streams rule 2.13): it is
   * taken as having cancelled, so upstream is cancelled and the request is settled, and the
   * exception goes no further. Returns whether the client took the signal.
   */
  private boolean toClient(Runnable call) {
    try {
      call.run();
      return true;
    } catch (RuntimeException clientBroke) {
      cancelByClient();
      return false;
    }
  }

  private void askUpstream(long count) {
    if (upstream != null) {
      askedUpstream = askedUpstream + count < 0 ? Long.MAX_VALUE : askedUpstream + count;
      upstream.request(count);
    }
  }

  private void cancelByClient() {
    if (phase == Phase.DONE) {
      return;
    }
    phase = Phase.DONE;
    Optional<UpstreamEvent.Completed> completedUnsent = Optional.empty();
    for (UpstreamEvent held : buffer) {
      if (held instanceof UpstreamEvent.Completed completed) {
        completedUnsent = Optional.of(completed);
      }
    }
    buffer.clear();
    if (upstream != null && !terminalReceived) {
      upstream.cancel();
    }
    listener.cancelled(completedUnsent);
  }

  /**
   * Runs signals one at a time, in order, on whichever thread arrives first. A signal that throws
   * (a bug) does not stop the ones queued after it: the exception is raised to the caller once the
   * queue is empty, so the relay never wedges with a signal counted and not run.
   */
  private void signal(Runnable action) {
    signals.add(action);
    if (pendingSignals.getAndIncrement() != 0) {
      return;
    }
    RuntimeException first = null;
    do {
      try {
        signals.poll().run();
      } catch (RuntimeException failed) {
        if (first == null) {
          first = failed;
        } else {
          first.addSuppressed(failed);
        }
      }
    } while (pendingSignals.decrementAndGet() != 0);
    if (first != null) {
      throw first;
    }
  }

  /** An event that carries no content yet: holding it back costs the client nothing. */
  private static boolean holdable(UpstreamEvent event) {
    String type = event.type();
    return !event.terminal() && !type.endsWith(".delta") && !type.endsWith(".done");
  }

  private static UpstreamEvent.Failed cut(String message) {
    UpstreamFailure failure = new UpstreamFailure.Transient(0, "stream_incomplete", message);
    return new UpstreamEvent.Failed(
        "response.failed",
        "{\"type\":\"response.failed\",\"response\":{\"status\":\"failed\",\"error\":"
            + "{\"code\":\"stream_incomplete\",\"message\":\"Upstream stream ended early\"}}}",
        failure);
  }

  private final class ClientSubscription implements Flow.Subscription {
    @Override
    public void request(long n) {
      signal(
          () -> {
            if (phase == Phase.DONE) {
              return; // after the end, a request is a no-op (rules 1.7 and 3.6)
            }
            Flow.Subscriber<? super UpstreamEvent> subscriber = requireNonNull(client, "client");
            if (n <= 0) {
              cancelByClient();
              subscriber.onError(new IllegalArgumentException("n: " + n + " (expected: > 0)"));
              return;
            }
            clientDemand = clientDemand + n < 0 ? Long.MAX_VALUE : clientDemand + n;
            drain();
          });
    }

    @Override
    public void cancel() {
      signal(ResponseRelay.this::cancelByClient);
    }
  }

  private static final class NoSubscription implements Flow.Subscription {
    @Override
    public void request(long n) {}

    @Override
    public void cancel() {}
  }
}
