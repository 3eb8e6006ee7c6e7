package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.upstream.UpstreamEvent;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Writes a response's events to the client as server-sent events, as upstream named them ({@code
 * event:} the type, {@code data:} the JSON). Demand follows the client: a window of events is asked
 * for, and no more until the connection's write queue has room, so a slow client slows upstream
 * instead of filling memory. A client that goes away cancels the stream (and with it the upstream
 * request).
 *
 * <p>The events that arrive in one event-loop task (upstream usually sends several in one packet)
 * are written together, at the end of that task: each write to a socket is a system call and a TCP
 * segment, and a short answer of eight events written one by one cost eight of each. The last
 * events go out with the end of the response, in the same write.
 *
 * <p>The route tells it when the client goes away ({@link #clientGone()}).
 *
 * <p>Keep-alive: while the client has been sent nothing for the keep-alive period (upstream is
 * silent, say while a model reasons), it gets an SSE comment line ({@value #KEEPALIVE_TEXT} without
 * the line breaks), which clients ignore and which keeps it and any proxy in between from timing
 * the stream out. One timer per stream, set for when the period would run out and set again from
 * the time of the last write when it fires early: no timer per event, and all of it on the stream's
 * context.
 */
final class SseStream implements Flow.Subscriber<UpstreamEvent> {

  /** Events asked for at a time. */
  static final int WINDOW = 16;

  /** Gathered frames are written at once when they reach this size, not held to the task's end. */
  static final int MAX_GATHERED_BYTES = 64 * 1024;

  /** The keep-alive period when none is given. */
  static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(15);

  /** What a keep-alive writes: an SSE comment, which every client skips. */
  static final String KEEPALIVE_TEXT = ": keepalive\n\n";

  private static final byte[] KEEPALIVE = KEEPALIVE_TEXT.getBytes(StandardCharsets.US_ASCII);

  private static final byte[] EVENT_FIELD = "event: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA_FIELD = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END_OF_EVENT = "\n\n".getBytes(StandardCharsets.US_ASCII);

  private final HttpServerResponse response;
  private final Context context;
  private final Function<UpstreamEvent, Buffer> frames;
  // Whether frames is PASS_THROUGH: an event that carries its frame is then copied straight into
  // the gathered buffer, with no buffer of its own.
  private final boolean passThrough;
  private final long keepAliveNanos;
  // The keep-alive timer (-1: none) and when the client was last written to; confined to the
  // context.
  private long keepAliveTimer = -1;
  private long lastWriteNanos;
  // Set by onSubscribe, which Reactive Streams calls before anything else.
  private Flow.@Nullable Subscription subscription;
  private long outstanding;
  // Frames not written yet, and whether a task to write them is queued; confined to the context.
  private @Nullable Buffer gathered;
  private boolean writeQueued;

  /**
   * The events as upstream sent them: each event that came as one {@code event:} and one {@code
   * data:} line is written as the bytes upstream framed it ({@link UpstreamEvent.Passed#frame()}),
   * never decoded to text and encoded again; any other event is framed from its type and data
   * ({@link #frame}).
   */
  static final Function<UpstreamEvent, Buffer> PASS_THROUGH = SseStream::frame;

  SseStream(HttpServerResponse response, Context context) {
    this(response, context, PASS_THROUGH, DEFAULT_KEEPALIVE);
  }

  /**
   * A stream whose events are framed by {@code frames} (no bytes: the client does not see it).
   *
   * @param keepAlive how long the client may be sent nothing before it gets a keep-alive comment
   */
  SseStream(
      HttpServerResponse response,
      Context context,
      Function<UpstreamEvent, Buffer> frames,
      Duration keepAlive) {
    this.response = response;
    this.context = context;
    this.frames = frames;
    this.passThrough = frames == PASS_THROUGH;
    if (keepAlive.isNegative() || keepAlive.isZero()) {
      throw new IllegalArgumentException("keepAlive: " + keepAlive + " (expected: > 0)");
    }
    this.keepAliveNanos = keepAlive.toNanos();
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    OnContext.run(
        context,
        () -> {
          subscription = s;
          if (response.closed()) {
            s.cancel();
            return;
          }
          lastWriteNanos = System.nanoTime();
          scheduleKeepAlive(keepAliveNanos);
          askForMore();
        });
  }

  /**
   * The client went away: cancels the stream (and with it the upstream request). The route calls it
   * from the request's end handler rather than this taking the response's one close handler, which
   * the router's end handlers (the access log, the body budget) need.
   */
  void clientGone() {
    OnContext.run(
        context,
        () -> {
          gathered = null;
          stopKeepAlive();
          Flow.Subscription s = subscription;
          // Before onSubscribe, there is nothing to cancel yet; onSubscribe sees the closed
          // response.
          if (s != null) {
            s.cancel();
          }
        });
  }

  @Override
  public void onNext(UpstreamEvent event) {
    OnContext.run(
        context,
        () -> {
          outstanding--;
          if (response.closed()) {
            return;
          }
          byte[] wire = passThrough ? wireFrame(event) : null;
          if (wire != null) {
            gather(wire);
          } else {
            gather(frames.apply(event));
          }
          askForMore();
        });
  }

  @Override
  public void onError(Throwable error) {
    OnContext.run(
        context,
        () -> {
          gathered = null;
          stopKeepAlive();
          if (!response.closed()) {
            response.reset(); // a truncated stream must not look complete
          }
        });
  }

  @Override
  public void onComplete() {
    OnContext.run(
        context,
        () -> {
          Buffer last = gathered;
          gathered = null;
          stopKeepAlive();
          if (!response.ended() && !response.closed()) {
            if (last == null) {
              response.end();
            } else {
              response.end(last);
            }
          }
        });
  }

  private void gather(Buffer frame) {
    if (frame.length() == 0) {
      return;
    }
    gathering(frame.length()).appendBuffer(frame);
    gathered();
  }

  private void gather(byte[] frame) {
    gathering(frame.length).appendBytes(frame);
    gathered();
  }

  private Buffer gathering(int frameLength) {
    Buffer into = gathered;
    if (into == null) {
      into = Buffer.buffer(Math.max(frameLength * 4, 1024));
      gathered = into;
    }
    return into;
  }

  /** After a frame was gathered: written now when enough is, else at the end of this task. */
  private void gathered() {
    if (requireNonNull(gathered, "gathered").length() >= MAX_GATHERED_BYTES) {
      writeGathered();
    } else if (!writeQueued) {
      writeQueued = true;
      // Runs after the task that delivered this event, and after any other event it delivers.
      context.runOnContext(
          ignored -> {
            writeQueued = false;
            writeGathered();
          });
    }
  }

  private void writeGathered() {
    Buffer frames = gathered;
    gathered = null;
    if (frames != null && !response.ended() && !response.closed()) {
      lastWriteNanos = System.nanoTime();
      response.write(frames);
    }
  }

  private void scheduleKeepAlive(long delayNanos) {
    long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos));
    keepAliveTimer = context.owner().setTimer(millis, ignored -> keepAliveDue());
  }

  /** The period may have run out: a comment if nothing was written in it, then the next check. */
  private void keepAliveDue() {
    keepAliveTimer = -1;
    if (response.ended() || response.closed()) {
      return;
    }
    long silent = System.nanoTime() - lastWriteNanos;
    if (silent < keepAliveNanos) {
      scheduleKeepAlive(keepAliveNanos - silent);
      return;
    }
    // A full write queue is a slow client, not a silent stream: it has bytes coming.
    if (!response.writeQueueFull()) {
      lastWriteNanos = System.nanoTime();
      response.write(Buffer.buffer(KEEPALIVE)); // a buffer of its own: a written one is not shared
    }
    scheduleKeepAlive(keepAliveNanos);
  }

  private void stopKeepAlive() {
    if (keepAliveTimer != -1) {
      context.owner().cancelTimer(keepAliveTimer);
      keepAliveTimer = -1;
    }
  }

  private void askForMore() {
    if (response.writeQueueFull()) {
      response.drainHandler(ignored -> askForMore());
      return;
    }
    if (outstanding <= WINDOW / 4) {
      long more = WINDOW - outstanding;
      outstanding += more;
      requireNonNull(subscription, "subscription: onNext before onSubscribe").request(more);
    }
  }

  /** The frame an event carries from upstream, if it passes unchanged; else null. */
  private static byte @Nullable [] wireFrame(UpstreamEvent event) {
    return event instanceof UpstreamEvent.Passed passed ? passed.frame() : null;
  }

  /**
   * One SSE frame: the event's own (as upstream framed it) when it carries one, else made from its
   * type and data; a data with line breaks becomes one {@code data:} line per line.
   */
  static Buffer frame(UpstreamEvent event) {
    byte[] wire = wireFrame(event);
    if (wire != null) {
      return Buffer.buffer(wire);
    }
    String data = event.data();
    if (data.indexOf('\n') < 0 && data.indexOf('\r') < 0) {
      // The usual event: its bytes straight into a buffer of their size, with no text in between.
      byte[] type = event.type().getBytes(StandardCharsets.UTF_8);
      byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
      return Buffer.buffer(EVENT_FIELD.length + type.length + DATA_FIELD.length + bytes.length + 3)
          .appendBytes(EVENT_FIELD)
          .appendBytes(type)
          .appendByte((byte) '\n')
          .appendBytes(DATA_FIELD)
          .appendBytes(bytes)
          .appendBytes(END_OF_EVENT);
    }
    StringBuilder frame = new StringBuilder(data.length() + event.type().length() + 16);
    frame.append("event: ").append(event.type()).append('\n');
    data.lines().forEach(line -> frame.append("data: ").append(line).append('\n'));
    frame.append('\n');
    return Buffer.buffer(frame.toString().getBytes(StandardCharsets.UTF_8));
  }
}
