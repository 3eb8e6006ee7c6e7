package io.codexlb.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.out.ScriptedEvents;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The relay between an upstream event stream and the client: what it holds back, when it commits,
 * which failures may still fail over, and how it passes demand and cancellation on.
 *
 * <p>Every test reads one log in which the listener ({@code committed}, {@code delivering ...},
 * ...) and the client ({@code onNext ...}, {@code onComplete}, {@code onError ...}) write in the
 * order things happened.
 */
class ResponseRelayTest {

  private static final UpstreamEvent CREATED = passed("response.created");
  private static final UpstreamEvent RATE_LIMITS = passed("codex.rate_limits");
  private static final UpstreamEvent ITEM_ADDED = passed("response.output_item.added");
  private static final UpstreamEvent DELTA = passed("response.output_text.delta");
  private static final UpstreamEvent TEXT_DONE = passed("response.output_text.done");
  private static final UpstreamEvent COMPLETED =
      new UpstreamEvent.Completed("response.completed", "{}", Optional.empty());
  private static final UpstreamFailure OVERLOADED =
      new UpstreamFailure.Transient(200, "server_is_overloaded", "overloaded");
  private static final UpstreamEvent FAILED =
      new UpstreamEvent.Failed("response.failed", "{}", OVERLOADED);

  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private final ResponseRelay relay = new ResponseRelay(new LoggingListener());
  private final Upstream upstream = new Upstream();

  @Test
  void holdsBackEventsWithoutContentAskingForOneAtATimeThenCommitsAtTheFirstDelta() {
    relay.onSubscribe(upstream);
    assertThat(upstream.requested).hasValue(1);

    relay.onNext(CREATED);
    relay.onNext(RATE_LIMITS);
    relay.onNext(ITEM_ADDED);

    assertThat(log).as("nothing is committed while it holds").isEmpty();
    assertThat(upstream.requested).as("one more for each held event").hasValue(4);

    relay.onNext(DELTA);

    assertThat(log).containsExactly("committed");
    assertThat(upstream.requested).as("after the commit, only the client's demand").hasValue(4);
    Client client = subscribeClient();
    client.request(Long.MAX_VALUE);
    assertThat(log)
        .containsExactly(
            "committed",
            "delivering response.created",
            "onNext response.created",
            "delivering codex.rate_limits",
            "onNext codex.rate_limits",
            "delivering response.output_item.added",
            "onNext response.output_item.added",
            "delivering response.output_text.delta",
            "onNext response.output_text.delta");
  }

  @Test
  void anEventThatClosesAPartCarriesContentAndCommits() {
    relay.onSubscribe(upstream);
    relay.onNext(CREATED);

    relay.onNext(TEXT_DONE);

    assertThat(log).containsExactly("committed");
  }

  @Test
  void holdsAtMostMaxHeldEventsThenCommitsWithoutContent() {
    relay.onSubscribe(upstream);
    for (int i = 1; i < ResponseRelay.MAX_HELD; i++) {
      relay.onNext(ITEM_ADDED);
    }
    assertThat(log).as("%d held", ResponseRelay.MAX_HELD - 1).isEmpty();

    relay.onNext(ITEM_ADDED);

    assertThat(log).containsExactly("committed");
    assertThat(upstream.requested)
        .as("it asked for no more than it may hold")
        .hasValue(ResponseRelay.MAX_HELD);
    Client client = subscribeClient();
    client.request(Long.MAX_VALUE);
    assertThat(client.received()).hasSize(ResponseRelay.MAX_HELD);
    assertThat(upstream.requested.get())
        .as("then the client's demand goes upstream")
        .isGreaterThan(ResponseRelay.MAX_HELD);
  }

  @Test
  void aTerminalEventWhileHoldingCommitsAndEndsTheStream() {
    relay.onSubscribe(upstream);
    relay.onNext(CREATED);
    relay.onNext(COMPLETED);
    Client client = subscribeClient();

    client.request(Long.MAX_VALUE);

    assertThat(log)
        .containsExactly(
            "committed",
            "delivering response.created",
            "onNext response.created",
            "delivering response.completed",
            "onNext response.completed",
            "onComplete",
            "ended response.completed");
  }

  @Test
  void aFailureWhileHoldingIsLeftToFailoverAndNothingReachesTheClient() {
    relay.onSubscribe(upstream);
    relay.onNext(CREATED);
    relay.onNext(RATE_LIMITS);

    relay.onNext(FAILED);

    assertThat(log).containsExactly("failedBeforeCommit server_is_overloaded");
    assertThat(upstream.requested).as("nothing more is asked").hasValue(3);
    relay.onNext(DELTA);
    assertThat(log).as("a late event is dropped").hasSize(1);
  }

  @Test
  void anUpstreamErrorWhileHoldingIsACutThatMayFailOver() {
    relay.onSubscribe(upstream);
    relay.onNext(CREATED);

    relay.onError(new IOException("connection reset"));

    assertThat(log).containsExactly("failedBeforeCommit stream_incomplete");
  }

  @Test
  void anUpstreamThatEndsWithoutATerminalEventWhileHoldingIsACutThatMayFailOver() {
    relay.onSubscribe(upstream);
    relay.onNext(CREATED);

    relay.onComplete();

    assertThat(log).containsExactly("failedBeforeCommit stream_incomplete");
  }

  @Test
  void aFailureAfterContentReachesTheClientAsItsTerminalEventNotAsFailover() {
    Client client = committedWithClient();
    client.request(Long.MAX_VALUE);

    relay.onNext(FAILED);

    assertThat(log)
        .containsSubsequence(
            "onNext response.output_text.delta",
            "delivering response.failed",
            "onNext response.failed",
            "onComplete",
            "ended response.failed")
        .noneMatch(line -> line.startsWith("failedBeforeCommit"));
    assertThat(upstream.cancelled).as("the stream ended by itself").isFalse();
  }

  @Test
  void anUpstreamErrorAfterContentReachesTheClientAsAnIncompleteResponse() {
    Client client = committedWithClient();
    client.request(Long.MAX_VALUE);

    relay.onError(new IOException("connection reset"));

    UpstreamEvent last = client.received().get(client.received().size() - 1);
    assertThat(last).isInstanceOf(UpstreamEvent.Failed.class);
    assertThat(((UpstreamEvent.Failed) last).failure().code()).isEqualTo("stream_incomplete");
    assertThat(last.data()).contains("\"code\":\"stream_incomplete\"");
    assertThat(log).endsWith("onNext response.failed", "onComplete", "ended response.failed");
  }

  @Test
  void anErrorOrEndAfterTheTerminalEventChangesNothing() {
    Client client = committedWithClient();
    client.request(Long.MAX_VALUE);
    relay.onNext(COMPLETED);
    List<String> ended = List.copyOf(log);

    relay.onComplete();
    relay.onError(new IOException("late"));

    assertThat(log).isEqualTo(ended).endsWith("onComplete", "ended response.completed");
  }

  @Test
  void passesOnlyTheClientsDemandUpstreamAfterTheCommit() {
    Client client = committedWithClient();
    assertThat(upstream.requested).as("created, then the delta that committed").hasValue(2);

    client.request(1);
    client.request(1);
    assertThat(client.received()).containsExactly(CREATED, DELTA);
    assertThat(upstream.requested).as("both came from what was held").hasValue(2);

    client.request(3);
    assertThat(upstream.requested).hasValue(5);
    relay.onNext(DELTA);
    relay.onNext(DELTA);
    assertThat(upstream.requested).as("one still asked for").hasValue(5);

    client.request(1);
    assertThat(upstream.requested).as("one more: the other is already asked for").hasValue(6);
    relay.onNext(DELTA);
    relay.onNext(DELTA);
    assertThat(client.received()).hasSize(6);
  }

  @Test
  void aClientThatRequestsFromInsideOnNextIsCalledAgainOnlyAfterItReturns() {
    List<UpstreamEvent> events = new ArrayList<>(List.of(CREATED, ITEM_ADDED));
    for (int i = 0; i < 1_000; i++) {
      events.add(DELTA);
    }
    events.add(COMPLETED);
    // A synchronous publisher: each request emits at once, on the requesting thread.
    new ScriptedEvents(events).subscribe(relay);
    OneAtATimeClient client = new OneAtATimeClient();

    relay.subscribe(client);

    assertThat(client.reentered).as("onNext called from inside onNext").isFalse();
    assertThat(client.received).containsExactlyElementsOf(events);
    assertThat(client.done).isCompleted();
    assertThat(log).endsWith("ended response.completed");
  }

  @Test
  void signalsFromSeveralThreadsRunOneAtATimeAndInOrder() throws Exception {
    int deltas = 20_000;
    relay.onSubscribe(upstream);
    relay.onNext(CREATED);
    relay.onNext(DELTA);
    // Those two events used the upstream's first two grants; the feeder sends on the later ones.
    upstream.granted.acquire(2);
    OneAtATimeClient client = new OneAtATimeClient();
    relay.subscribe(client);
    Thread feeder =
        new Thread(
            () -> {
              for (int i = 0; i <= deltas; i++) {
                upstream.granted.acquireUninterruptibly();
                relay.onNext(i < deltas ? DELTA : COMPLETED);
              }
            },
            "upstream");
    feeder.setDaemon(true); // a relay that stops asking must not keep the test JVM alive

    feeder.start();
    // Extra demand from this thread races the events and the requests made inside onNext.
    for (int i = 0; i < deltas / 4; i++) {
      client.subscription.request(1);
    }

    client.done.get(10, TimeUnit.SECONDS);
    feeder.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(client.overlapped).as("onNext called while another onNext ran").isFalse();
    assertThat(client.received)
        .hasSize(deltas + 3)
        .startsWith(CREATED, DELTA)
        .endsWith(COMPLETED)
        .filteredOn(event -> event == DELTA)
        .hasSize(deltas + 1);
  }

  @Test
  void aClientThatCancelsBeforeTheCommitCancelsUpstreamAndNothingReachesIt() {
    relay.onSubscribe(upstream);
    relay.onNext(CREATED);
    Client client = subscribeClient();
    client.request(Long.MAX_VALUE);

    client.cancel();
    relay.onNext(DELTA);

    assertThat(upstream.cancelled).isTrue();
    assertThat(log).containsExactly("cancelled");
  }

  @Test
  void aClientThatCancelsBeforeUpstreamSubscribesHasTheUpstreamCancelledAtOnce() {
    Client client = subscribeClient();
    client.cancel();

    relay.onSubscribe(upstream);

    assertThat(upstream.cancelled).isTrue();
    assertThat(upstream.requested).hasValue(0);
    assertThat(log).containsExactly("cancelled");
  }

  @Test
  void aClientThatCancelsAfterTheCommitCancelsUpstreamOnceAndGetsNothingMore() {
    Client client = committedWithClient();
    client.request(1);

    client.cancel();
    client.cancel();
    client.request(5);
    relay.onNext(DELTA);
    relay.onNext(COMPLETED);

    assertThat(upstream.cancelled).isTrue();
    assertThat(client.received()).containsExactly(CREATED);
    assertThat(log)
        .containsExactly(
            "committed", "delivering response.created", "onNext response.created", "cancelled");
  }

  @Test
  void aClientThatGoesAwayWhileHoldingCancelsUpstreamWithoutEverSubscribing() {
    relay.onSubscribe(upstream);
    relay.onNext(CREATED);

    relay.abandon();
    relay.abandon();
    relay.onNext(DELTA);

    assertThat(upstream.cancelled).isTrue();
    assertThat(log).containsExactly("cancelled");
  }

  @Test
  void aClientThatGoesAwayBeforeUpstreamSubscribesHasItCancelledAtOnce() {
    relay.abandon();

    relay.onSubscribe(upstream);

    assertThat(upstream.cancelled).isTrue();
    assertThat(upstream.requested).hasValue(0);
    assertThat(log).containsExactly("cancelled");
  }

  @Test
  void aClientThatGoesAwayWithTheCompletionUnsentPassesItsReportOn() {
    Client client = committedWithClient();
    client.request(1);
    relay.onNext(COMPLETED);

    relay.abandon();

    assertThat(client.received()).containsExactly(CREATED);
    assertThat(upstream.cancelled).as("upstream had ended by itself").isFalse();
    assertThat(log).endsWith("cancelled, completed unsent");
  }

  @Test
  void aClientThatGoesAwayAfterTheTerminalEventChangesNothing() {
    Client client = committedWithClient();
    client.request(Long.MAX_VALUE);
    relay.onNext(COMPLETED);

    relay.abandon();

    assertThat(log).endsWith("ended response.completed").doesNotContain("cancelled");
  }

  @Test
  void aClientDueItsFirstBytesGetsWhatIsHeldWithoutWaitingForContent() {
    relay.onSubscribe(upstream);
    relay.onNext(CREATED);
    relay.onNext(RATE_LIMITS);
    assertThat(log).isEmpty();

    relay.commitNow();
    relay.commitNow();
    Client client = subscribeClient();
    client.request(Long.MAX_VALUE);

    assertThat(client.received()).containsExactly(CREATED, RATE_LIMITS);
    assertThat(log).startsWith("committed").containsOnlyOnce("committed");
  }

  @Test
  void aClientDueItsFirstBytesBeforeAnyEventIsCommittedAtUpstreamsFirst() {
    relay.onSubscribe(upstream);

    relay.commitNow();
    assertThat(log).isEmpty();
    relay.onNext(CREATED);

    assertThat(log).containsExactly("committed");
  }

  @Test
  void aFailureAfterAnEarlyCommitReachesTheClientInsteadOfFailingOver() {
    relay.onSubscribe(upstream);
    relay.onNext(CREATED);
    relay.commitNow();
    Client client = subscribeClient();
    client.request(Long.MAX_VALUE);

    relay.onNext(FAILED);

    assertThat(client.received()).containsExactly(CREATED, FAILED);
    assertThat(log).doesNotContain("failedBeforeCommit server_is_overloaded");
  }

  @Test
  void aCancelAfterTheTerminalEventChangesNothing() {
    Client client = committedWithClient();
    client.request(Long.MAX_VALUE);
    relay.onNext(COMPLETED);

    client.cancel();

    assertThat(upstream.cancelled).isFalse();
    assertThat(log).endsWith("ended response.completed").doesNotContain("cancelled");
  }

  @Test
  void aRequestForNoEventsCancelsAndFailsTheClient() {
    Client client = committedWithClient();

    client.request(0);

    assertThat(upstream.cancelled).isTrue();
    assertThat(log).containsExactly("committed", "cancelled", "onError IllegalArgumentException");
  }

  @Test
  void aSecondSubscriberIsRefusedAndTheFirstKeepsTheStream() {
    Client first = committedWithClient();
    Client second = subscribeClient();

    first.request(Long.MAX_VALUE);

    assertThat(second.errors).singleElement().isInstanceOf(IllegalStateException.class);
    assertThat(second.received()).isEmpty();
    assertThat(first.received()).containsExactly(CREATED, DELTA);
  }

  /**
   * Reactive Streams rule 2.13: a subscriber whose {@code onNext} throws is to be taken as having
   * cancelled: upstream is cancelled and the request told, so the account's lease and the key's
   * reservation are given back (a wedged serial queue once kept them forever).
   */
  @Test
  void aClientWhoseOnNextThrowsIsTakenAsCancelled() {
    relay.onSubscribe(upstream);
    relay.onNext(CREATED);
    relay.onNext(DELTA);
    Flow.Subscriber<UpstreamEvent> throwing =
        new Flow.Subscriber<>() {
          @Override
          public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(UpstreamEvent event) {
            throw new IllegalStateException("the client's socket is gone");
          }

          @Override
          public void onError(Throwable error) {}

          @Override
          public void onComplete() {}
        };

    try {
      relay.subscribe(throwing);
    } catch (IllegalStateException raisedToTheCaller) {
      // Rule 2.13 lets the relay raise it; it must still take the client as cancelled.
    }
    relay.onNext(DELTA);

    assertThat(upstream.cancelled).isTrue();
    assertThat(log).endsWith("cancelled");
  }

  /**
   * Reactive Streams rules 1.7 and 3.6: after the stream ended, a request is a no-op, never a
   * second terminal signal.
   */
  @Test
  void aRequestForNoEventsAfterTheEndSignalsNothing() {
    Client client = committedWithClient();
    client.request(Long.MAX_VALUE);
    relay.onNext(COMPLETED);

    client.request(0);

    assertThat(client.errors).isEmpty();
    assertThat(log).endsWith("onComplete", "ended response.completed");
  }

  /**
   * Commits with {@link #CREATED} and {@link #DELTA}, then subscribes a client that asks nothing.
   */
  private Client committedWithClient() {
    relay.onSubscribe(upstream);
    relay.onNext(CREATED);
    relay.onNext(DELTA);
    assertThat(log).containsExactly("committed");
    return subscribeClient();
  }

  private Client subscribeClient() {
    Client client = new Client();
    relay.subscribe(client);
    return client;
  }

  private static UpstreamEvent passed(String type) {
    return new UpstreamEvent.Passed(type, "{\"type\":\"" + type + "\"}");
  }

  private final class LoggingListener implements ResponseRelay.Listener {
    @Override
    public void committed() {
      log.add("committed");
    }

    @Override
    public void failedBeforeCommit(UpstreamFailure failure) {
      log.add("failedBeforeCommit " + failure.code());
    }

    @Override
    public void delivering(UpstreamEvent event) {
      log.add("delivering " + event.type());
    }

    @Override
    public void ended(UpstreamEvent terminal) {
      log.add("ended " + terminal.type());
    }

    @Override
    public void cancelled(Optional<UpstreamEvent.Completed> completedUnsent) {
      log.add(completedUnsent.isPresent() ? "cancelled, completed unsent" : "cancelled");
    }
  }

  /** The upstream subscription: what the relay asked for, as a count and as permits to emit. */
  private static final class Upstream implements Flow.Subscription {
    final AtomicLong requested = new AtomicLong();
    final Semaphore granted = new Semaphore(0);
    volatile boolean cancelled;

    @Override
    public void request(long n) {
      requested.addAndGet(n);
      // Capped: only the feeder uses the permits, and a Semaphore holds at most an int of them.
      granted.release((int) Math.min(n, 1_000_000));
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  /** A client that asks only when the test says so, and logs what it gets. */
  private final class Client implements Flow.Subscriber<UpstreamEvent> {
    private final List<UpstreamEvent> received = new ArrayList<>();
    final List<Throwable> errors = new ArrayList<>();
    private Flow.Subscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
    }

    @Override
    public void onNext(UpstreamEvent event) {
      received.add(event);
      log.add("onNext " + event.type());
    }

    @Override
    public void onError(Throwable error) {
      errors.add(error);
      log.add("onError " + error.getClass().getSimpleName());
    }

    @Override
    public void onComplete() {
      log.add("onComplete");
    }

    void request(long n) {
      subscription.request(n);
    }

    void cancel() {
      subscription.cancel();
    }

    List<UpstreamEvent> received() {
      return received;
    }
  }

  /**
   * A client that asks for one event at a time, from inside {@code onNext} and from its own thread,
   * and notes any call that overlaps another or re-enters one.
   */
  private static final class OneAtATimeClient implements Flow.Subscriber<UpstreamEvent> {
    final List<UpstreamEvent> received = Collections.synchronizedList(new ArrayList<>());
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicBoolean inOnNext = new AtomicBoolean();
    private final ThreadLocal<Boolean> onThisStack = ThreadLocal.withInitial(() -> false);
    volatile boolean reentered;
    volatile boolean overlapped;
    volatile Flow.Subscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(1);
    }

    @Override
    public void onNext(UpstreamEvent event) {
      if (onThisStack.get()) {
        reentered = true;
      }
      if (!inOnNext.compareAndSet(false, true)) {
        overlapped = true;
      }
      onThisStack.set(true);
      try {
        received.add(event);
        subscription.request(1);
      } finally {
        onThisStack.set(false);
        inOnNext.set(false);
      }
    }

    @Override
    public void onError(Throwable error) {
      done.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      done.complete(null);
    }
  }
}
