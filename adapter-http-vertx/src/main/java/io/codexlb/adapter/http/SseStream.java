package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.upstream.UpstreamEvent;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Flow;
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
 */
final class SseStream implements Flow.Subscriber<UpstreamEvent> {

  /** Events asked for at a time. */
  static final int WINDOW = 16;

  /** Gathered frames are written at once when they reach this size, not held to the task's end. */
  static final int MAX_GATHERED_BYTES = 64 * 1024;

  private final HttpServerResponse response;
  private final Context context;
  private final Function<UpstreamEvent, Buffer> frames;
  // Set by onSubscribe, which Reactive Streams calls before anything else.
  private Flow.@Nullable Subscription subscription;
  private long outstanding;
  // Frames not written yet, and whether a task to write them is queued; confined to the context.
  private @Nullable Buffer gathered;
  private boolean writeQueued;

  SseStream(HttpServerResponse response, Context context) {
    this(response, context, SseStream::frame);
  }

  /** A stream whose events are framed by {@code frames} (no bytes: the client does not see it). */
  SseStream(HttpServerResponse response, Context context, Function<UpstreamEvent, Buffer> frames) {
    this.response = response;
    this.context = context;
    this.frames = frames;
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
          gather(frames.apply(event));
          askForMore();
        });
  }

  @Override
  public void onError(Throwable error) {
    OnContext.run(
        context,
        () -> {
          gathered = null;
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
    if (gathered == null) {
      gathered = Buffer.buffer(Math.max(frame.length() * 4, 1024));
    }
    gathered.appendBuffer(frame);
    if (gathered.length() >= MAX_GATHERED_BYTES) {
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
      response.write(frames);
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

  /** One SSE frame; a data with line breaks becomes one {@code data:} line per line. */
  static Buffer frame(UpstreamEvent event) {
    String data = event.data();
    StringBuilder frame = new StringBuilder(data.length() + event.type().length() + 16);
    frame.append("event: ").append(event.type()).append('\n');
    if (data.indexOf('\n') < 0 && data.indexOf('\r') < 0) {
      frame.append("data: ").append(data).append('\n');
    } else {
      data.lines().forEach(line -> frame.append("data: ").append(line).append('\n'));
    }
    frame.append('\n');
    return Buffer.buffer(frame.toString().getBytes(StandardCharsets.UTF_8));
  }
}
