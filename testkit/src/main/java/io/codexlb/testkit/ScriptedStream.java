package io.codexlb.testkit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes one {@link StreamScript} to one response on the request's event loop: one event at a time,
 * waiting for the drain handler whenever the connection's write queue is full, and for a timer
 * between deltas. No thread is held and at most one event is queued beyond the high-water mark, so
 * thousands of streams can be open at once. While it waits for the drain it counts itself in the
 * backend's {@link FakeChatGptBackend#streamsWaitingForClient()}.
 */
final class ScriptedStream {

  private final Vertx vertx;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final StreamScript script;
  private final List<Buffer> events;
  private final AtomicInteger waitingForClient;
  // Index of the first delta event; a pause precedes every later delta.
  private final int firstDelta;
  private final int lastDelta;
  private int next;
  private int pausedBefore = -1;
  private boolean closed;
  private boolean waitingForDrain;
  private long timer = -1;
  private Future<Void> lastWrite = Future.succeededFuture();

  ScriptedStream(
      Vertx vertx,
      HttpServerRequest request,
      StreamScript script,
      SseEvents sse,
      Instant now,
      AtomicInteger waitingForClient,
      boolean compaction) {
    this.vertx = vertx;
    this.waitingForClient = waitingForClient;
    this.request = request;
    this.response = request.response();
    this.script = script;
    List<String> pieces = SseEvents.split(script.text(), script.deltas());
    int sent =
        script.ending() == StreamScript.Ending.COMPLETED
            ? pieces.size()
            : Math.min(script.endAfterDeltas(), pieces.size());
    this.events = new ArrayList<>(pieces.size() + 8);
    events.add(sse.created());
    script.quota().ifPresent(quota -> events.add(sse.rateLimits(quota, now)));
    if (compaction && script.ending() == StreamScript.Ending.COMPLETED) {
      // A compaction answers with one compaction item instead of the script's text and calls.
      this.firstDelta = events.size();
      this.lastDelta = firstDelta - 1;
      events.add(sse.compactionAdded());
      events.add(sse.compactionDone());
      events.add(sse.compactionCompleted(script.reportedUsage()));
      return;
    }
    if (script.hasMessage()) {
      events.add(sse.itemAdded());
      events.add(sse.contentPartAdded());
    }
    this.firstDelta = events.size();
    if (script.hasMessage()) {
      for (String piece : pieces.subList(0, sent)) {
        events.add(sse.delta(piece));
      }
    }
    this.lastDelta = events.size() - 1;
    if (script.ending() == StreamScript.Ending.COMPLETED) {
      if (script.hasMessage()) {
        events.add(sse.textDone(script.text()));
        events.add(sse.contentPartDone(script.text()));
        events.add(sse.itemDone(script.text()));
      }
      addFunctionCalls(sse);
      events.add(
          sse.completed(
              script.text(), script.hasMessage(), script.functionCalls(), script.reportedUsage()));
    } else if (script.ending() == StreamScript.Ending.OVERLOADED) {
      events.add(sse.overloaded());
    }
  }

  /** Each call: added, its arguments in two deltas (one when short), done. */
  private void addFunctionCalls(SseEvents sse) {
    int outputIndex = script.hasMessage() ? 1 : 0;
    List<FunctionCall> calls = script.functionCalls();
    for (int i = 0; i < calls.size(); i++, outputIndex++) {
      FunctionCall call = calls.get(i);
      events.add(sse.functionCallAdded(outputIndex, i, call));
      for (String piece : SseEvents.split(call.arguments(), 2)) {
        events.add(sse.argumentsDelta(outputIndex, i, piece));
      }
      events.add(sse.argumentsDone(outputIndex, i, call));
      events.add(sse.functionCallDone(outputIndex, i, call));
    }
  }

  /**
   * @param closed run when the connection closes before the stream ended
   */
  void start(Runnable closed) {
    response.closeHandler(
        ignored -> {
          stop();
          closed.run();
        });
    response.exceptionHandler(ignored -> stop());
    response.setChunked(true);
    pump();
  }

  private void pump() {
    while (!closed) {
      if (next == events.size()) {
        finish();
        return;
      }
      if (needsPause()) {
        pausedBefore = next;
        timer = vertx.setTimer(Math.max(1, pause().toMillis()), id -> pump());
        return;
      }
      if (response.writeQueueFull()) {
        waitingForDrain(true);
        response.drainHandler(
            ignored -> {
              waitingForDrain(false);
              pump();
            });
        return;
      }
      lastWrite = response.write(events.get(next++));
    }
  }

  private boolean needsPause() {
    return !pause().isZero() && next >= firstDelta && next <= lastDelta && pausedBefore != next;
  }

  /** The pause before the event {@code next}: before the first delta, then between deltas. */
  private Duration pause() {
    return next == firstDelta ? script.firstDeltaDelay() : script.delay();
  }

  private void finish() {
    closed = true;
    if (script.ending() == StreamScript.Ending.CUT) {
      // Close only once the last delta is on the wire; closing earlier could drop it.
      lastWrite.onComplete(ignored -> request.connection().close());
    } else {
      response.end();
    }
  }

  private void stop() {
    closed = true;
    waitingForDrain(false);
    if (timer != -1) {
      vertx.cancelTimer(timer);
    }
  }

  private void waitingForDrain(boolean waiting) {
    if (waitingForDrain != waiting) {
      waitingForDrain = waiting;
      waitingForClient.addAndGet(waiting ? 1 : -1);
    }
  }
}
