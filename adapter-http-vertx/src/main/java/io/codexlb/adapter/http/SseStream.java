package io.codexlb.adapter.http;

import io.codexlb.domain.upstream.UpstreamEvent;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * Writes a response's events to the client as server-sent events, as upstream named them ({@code
 * event:} the type, {@code data:} the JSON). Demand follows the client: a window of events is asked
 * for, and no more until the connection's write queue has room, so a slow client slows upstream
 * instead of filling memory. A client that goes away cancels the stream (and with it the upstream
 * request).
 */
final class SseStream implements Flow.Subscriber<UpstreamEvent> {

  /** Events asked for at a time. */
  static final int WINDOW = 16;

  private final HttpServerResponse response;
  private final Context context;
  private final Function<UpstreamEvent, Buffer> frames;
  private Flow.Subscription subscription;
  private long outstanding;

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
          response.closeHandler(ignored -> subscription.cancel());
          askForMore();
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
          Buffer frame = frames.apply(event);
          if (frame.length() > 0) {
            response.write(frame);
          }
          askForMore();
        });
  }

  @Override
  public void onError(Throwable error) {
    OnContext.run(
        context,
        () -> {
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
          if (!response.ended() && !response.closed()) {
            response.end();
          }
        });
  }

  private void askForMore() {
    if (response.writeQueueFull()) {
      response.drainHandler(ignored -> askForMore());
      return;
    }
    if (outstanding <= WINDOW / 4) {
      long more = WINDOW - outstanding;
      outstanding += more;
      subscription.request(more);
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
