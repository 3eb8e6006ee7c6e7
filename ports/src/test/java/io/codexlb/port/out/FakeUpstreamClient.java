package io.codexlb.port.out;

import io.codexlb.domain.pricing.TokenUsage;
import io.codexlb.domain.upstream.ResponseUsage;
import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.domain.upstream.UpstreamFailure;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A test {@link UpstreamClient}: each account (by {@code chatgpt-account-id}) answers with the
 * replies queued for it, in order, then with a completed default answer. Every request sent is
 * recorded.
 */
public final class FakeUpstreamClient implements UpstreamClient {

  /** The usage of the default answer. */
  public static final ResponseUsage DEFAULT_USAGE =
      new ResponseUsage(new TokenUsage(100, 20, 50), 10);

  private final Map<String, Deque<UpstreamReply>> queued = new HashMap<>();
  private final Deque<UpstreamReply> queuedForAny = new ArrayDeque<>();
  private final List<UpstreamRequest> sent = new ArrayList<>();
  private final List<ScriptedEvents> streams = new ArrayList<>();
  private final Deque<CompletableFuture<UpstreamReply>> hanging = new ArrayDeque<>();

  @Override
  public synchronized CompletionStage<UpstreamReply> send(UpstreamRequest request) {
    sent.add(request);
    if (!hanging.isEmpty()) {
      return hanging.poll();
    }
    Deque<UpstreamReply> replies = queued.get(request.credentials().chatgptAccountId());
    UpstreamReply reply;
    if (!queuedForAny.isEmpty()) {
      reply = queuedForAny.poll();
    } else {
      reply =
          replies == null || replies.isEmpty() ? completed("hello", DEFAULT_USAGE) : replies.poll();
    }
    if (reply instanceof UpstreamReply.Streaming streaming
        && streaming.events() instanceof ScriptedEvents events) {
      streams.add(events);
    }
    return CompletableFuture.completedFuture(reply);
  }

  /** Queues one reply for the account upstream knows as {@code chatgptAccountId}. */
  public synchronized FakeUpstreamClient then(String chatgptAccountId, UpstreamReply reply) {
    queued.computeIfAbsent(chatgptAccountId, ignored -> new ArrayDeque<>()).add(reply);
    return this;
  }

  /** Queues one reply for the next request, whichever account it is sent as. */
  public synchronized FakeUpstreamClient thenAny(UpstreamReply reply) {
    queuedForAny.add(reply);
    return this;
  }

  /**
   * Makes the next request hang before upstream's headers, whichever account it is sent as.
   *
   * @return the stage the request gets: the test completes it, or sees whether it was cancelled
   */
  public synchronized CompletableFuture<UpstreamReply> hangNext() {
    CompletableFuture<UpstreamReply> reply = new CompletableFuture<>();
    hanging.add(reply);
    return reply;
  }

  /** Every request sent, in order. */
  public synchronized List<UpstreamRequest> sent() {
    return List.copyOf(sent);
  }

  /** The chatgpt account ids the requests were sent as, in order. */
  public synchronized List<String> sentTo() {
    return sent.stream().map(request -> request.credentials().chatgptAccountId()).toList();
  }

  /** The streams handed out, in order. */
  public synchronized List<ScriptedEvents> streams() {
    return List.copyOf(streams);
  }

  /** A refusal with no quota headers. */
  public static UpstreamReply refused(UpstreamFailure failure) {
    return new UpstreamReply.Refused(failure, Optional.empty());
  }

  /** A stream of these events. */
  public static UpstreamReply streaming(UpstreamEvent... events) {
    return new UpstreamReply.Streaming(
        Optional.empty(), Map.of(), new ScriptedEvents(List.of(events)));
  }

  /** A whole answer: created, one delta of {@code text}, completed with {@code usage}. */
  public static UpstreamReply completed(String text, ResponseUsage usage) {
    return streaming(created(), delta(text), completedEvent(usage));
  }

  /** {@code response.created}. */
  public static UpstreamEvent created() {
    return new UpstreamEvent.Passed("response.created", "{\"type\":\"response.created\"}");
  }

  /** {@code response.output_text.delta} with the text. */
  public static UpstreamEvent delta(String text) {
    return new UpstreamEvent.Passed(
        "response.output_text.delta",
        "{\"type\":\"response.output_text.delta\",\"delta\":\"" + text + "\"}");
  }

  /** {@code response.completed} reporting the usage. */
  public static UpstreamEvent completedEvent(ResponseUsage usage) {
    return new UpstreamEvent.Completed(
        "response.completed", "{\"type\":\"response.completed\"}", Optional.of(usage));
  }

  /** A terminal failure event. */
  public static UpstreamEvent failedEvent(UpstreamFailure failure) {
    return new UpstreamEvent.Failed("error", "{\"type\":\"error\"}", failure);
  }
}
