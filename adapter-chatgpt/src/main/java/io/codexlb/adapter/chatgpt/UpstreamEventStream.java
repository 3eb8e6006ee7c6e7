package io.codexlb.adapter.chatgpt;

import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.domain.upstream.UpstreamFailure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of one streaming upstream response, read only as fast as its one subscriber asks: the
 * response stays paused and one chunk is fetched at a time, only while the subscriber has demand
 * and no parsed event is waiting, so a slow client leaves the bytes in the socket and TCP slows
 * upstream down. Cancelling resets the request, which closes its connection.
 *
 * <p>All state is confined to the response's Vert.x context; subscriber calls from other threads
 * hop onto it. The stream always ends with a terminal event: a cut, an oversized event or a
 * connection error becomes {@code Failed(Transient(status, "stream_incomplete"))}.
 */
final class UpstreamEventStream implements Flow.Publisher<UpstreamEvent> {

  private static final Logger log = LoggerFactory.getLogger(UpstreamEventStream.class);

  /** The original's limit on one event. */
  static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;

  /** The largest chunk array kept per event-loop thread. */
  private static final int MAX_SCRATCH_BYTES = 64 * 1024;

  // Per thread: only ever used within one call of onChunk, on the thread running it.
  private static final ThreadLocal<byte[]> SCRATCH =
      ThreadLocal.withInitial(() -> new byte[8 * 1024]);

  private final HttpClientResponse response;
  private final Context context;
  private final int status;
  private final Clock clock;
  private final SseParser parser = new SseParser(MAX_EVENT_BYTES);
  private final AtomicBoolean subscribed = new AtomicBoolean();

  // Confined to the context.
  private final ArrayDeque<UpstreamEvent> pending = new ArrayDeque<>();
  private Flow.@Nullable Subscriber<? super UpstreamEvent> subscriber;
  private long demand;
  private boolean fetching;
  private boolean terminalQueued;
  private boolean inputEnded;
  private boolean broken;
  private boolean finished;
  private boolean draining;

  /** Takes over a 2xx response; call on the response's context, before it delivers anything. */
  UpstreamEventStream(HttpClientResponse response, Clock clock) {
    this.response = response;
    Context current = Vertx.currentContext();
    if (current == null) {
      throw new IllegalStateException("UpstreamEventStream: not on a Vert.x context");
    }
    this.context = current;
    this.status = response.statusCode();
    this.clock = clock;
    response.pause();
    response.handler(this::onChunk);
    response.endHandler(ignored -> onEnd());
    response.exceptionHandler(this::onError);
  }

  @Override
  public void subscribe(Flow.Subscriber<? super UpstreamEvent> subscriber) {
    java.util.Objects.requireNonNull(subscriber, "subscriber");
    if (!subscribed.compareAndSet(false, true)) {
      subscriber.onSubscribe(new NoSubscription());
      subscriber.onError(
          new IllegalStateException("events: subscribed twice (expected: one subscriber)"));
      return;
    }
    subscriber.onSubscribe(new Subscription());
    onContext(
        () -> {
          if (!finished) {
            this.subscriber = subscriber;
            drain();
          }
        });
  }

  private void onChunk(Buffer chunk) {
    fetching = false;
    if (finished || terminalQueued) {
      return;
    }
    int length = chunk.length();
    byte[] bytes = scratch(length);
    chunk.getBytes(0, length, bytes, 0);
    for (SseEvent event : parser.feed(bytes, length)) {
      queue(EventMapper.map(event, status, clock));
    }
    if (parser.tooLarge() && !terminalQueued) {
      queue(incomplete("an upstream event exceeded " + MAX_EVENT_BYTES + " bytes"));
      response.request().reset();
    }
    drain();
  }

  /**
   * An array to read a chunk into: the event-loop thread's own, reused (the parser keeps nothing of
   * it), so a chunk costs no array of its size; a chunk larger than is kept gets its own.
   */
  private static byte[] scratch(int length) {
    byte[] bytes = SCRATCH.get();
    if (bytes.length >= length) {
      return bytes;
    }
    if (length > MAX_SCRATCH_BYTES) {
      return new byte[length];
    }
    bytes = new byte[Math.max(length, Math.min(bytes.length * 2, MAX_SCRATCH_BYTES))];
    SCRATCH.set(bytes);
    return bytes;
  }

  private void onEnd() {
    fetching = false;
    if (inputEnded) {
      return;
    }
    inputEnded = true;
    if (!terminalQueued) {
      parser.finish().forEach(event -> queue(EventMapper.map(event, status, clock)));
    }
    if (!terminalQueued) {
      queue(incomplete("upstream ended the stream before its terminal event"));
    }
    drain();
  }

  private void onError(Throwable error) {
    fetching = false;
    if (inputEnded || broken) {
      return;
    }
    // A cut overtakes the chunks that arrived before it and still wait, paused, in Vert.x's
    // queue: let them through first (the connection is gone, so they are all there will be), and
    // end the stream only after them.
    broken = true;
    response.resume();
    context.runOnContext(ignored -> endBroken(error));
  }

  private void endBroken(Throwable error) {
    if (inputEnded) {
      return;
    }
    inputEnded = true;
    if (!terminalQueued) {
      queue(incomplete("upstream stream broke: " + error.getClass().getSimpleName()));
    }
    drain();
  }

  private void queue(UpstreamEvent event) {
    if (terminalQueued) {
      return;
    }
    pending.add(event);
    terminalQueued = event.terminal();
  }

  private UpstreamEvent incomplete(String message) {
    UpstreamFailure failure = new UpstreamFailure.Transient(status, "stream_incomplete", message);
    String data =
        "{\"type\":\"error\",\"error\":{\"code\":\"stream_incomplete\",\"message\":\""
            + message
            + "\"}}";
    return new UpstreamEvent.Failed("error", data, failure);
  }

  /** Delivers what is wanted and waiting, and fetches a chunk when more is wanted than waits. */
  private void drain() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      while (!finished && subscriber != null) {
        if (demand > 0 && !pending.isEmpty()) {
          UpstreamEvent event = pending.poll();
          demand--;
          subscriber.onNext(event);
          if (event.terminal() && !finished) {
            finish();
            subscriber.onComplete();
            subscriber = null;
          }
        } else if (demand > 0 && !fetching && !broken && !inputEnded && !terminalQueued) {
          fetching = true;
          response.fetch(1);
        } else {
          return;
        }
      }
    } catch (RuntimeException subscriberBroke) {
      log.warn("event subscriber threw; cancelling the upstream request", subscriberBroke);
      cancel();
    } finally {
      draining = false;
    }
  }

  /** After the terminal event: read the rest so the connection can go back to the pool. */
  private void finish() {
    finished = true;
    pending.clear();
    if (!inputEnded) {
      response.resume();
    }
  }

  private void request(long n) {
    if (finished) {
      return;
    }
    if (n <= 0) {
      Flow.Subscriber<? super UpstreamEvent> failing = subscriber;
      cancel();
      if (failing != null) {
        failing.onError(new IllegalArgumentException("n: " + n + " (expected: > 0)"));
      }
      return;
    }
    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
    drain();
  }

  private void cancel() {
    if (finished) {
      return;
    }
    finished = true;
    subscriber = null;
    pending.clear();
    if (!inputEnded) {
      response.request().reset();
    }
  }

  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(ignored -> action.run());
    }
  }

  /** The subscriber's handle; its calls may come from any thread. */
  private final class Subscription implements Flow.Subscription {
    @Override
    public void request(long n) {
      onContext(() -> UpstreamEventStream.this.request(n));
    }

    @Override
    public void cancel() {
      onContext(UpstreamEventStream.this::cancel);
    }
  }

  /** Given to a second subscriber, which is refused. */
  private static final class NoSubscription implements Flow.Subscription {
    @Override
    public void request(long n) {}

    @Override
    public void cancel() {}
  }
}
