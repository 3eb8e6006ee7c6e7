package io.codexlb.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.domain.upstream.UpstreamFailure;
import java.io.IOException;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Turns a response's event stream into the one Responses object a client that did not ask for a
 * stream gets: the terminal event's {@code response}, with its {@code output} filled from the
 * {@code response.output_item.done} events when upstream left it empty (the Codex backend does).
 */
final class ResponseAggregator implements Flow.Subscriber<UpstreamEvent> {

  /** How the aggregation ended: the object, or the failure that ended the stream. */
  sealed interface Result {
    record Answer(ObjectNode response) implements Result {}

    record Failure(UpstreamFailure failure) implements Result {}
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Consumer<Result> done;
  private final ArrayNode items = MAPPER.createArrayNode();
  private volatile Flow.@Nullable Subscription subscription;
  private volatile boolean cancelled;

  ResponseAggregator(Consumer<Result> done) {
    this.done = done;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (cancelled) {
      subscription.cancel();
      return;
    }
    // Everything is kept until the end anyway; the client gets one object.
    subscription.request(Long.MAX_VALUE);
  }

  /** The client went away: stops the stream, and with it the upstream request. */
  void cancel() {
    cancelled = true;
    Flow.Subscription current = subscription;
    if (current != null) {
      current.cancel();
    }
  }

  @Override
  public void onNext(UpstreamEvent event) {
    if (event instanceof UpstreamEvent.Completed) {
      done.accept(new Result.Answer(response(event.data())));
    } else if (event instanceof UpstreamEvent.Failed failed) {
      done.accept(new Result.Failure(failed.failure()));
    } else if ("response.output_item.done".equals(event.type())) {
      JsonNode item = parse(event.data()).get("item");
      if (item != null && item.isObject()) {
        items.add(item);
      }
    }
  }

  @Override
  public void onError(Throwable error) {
    done.accept(
        new Result.Failure(
            new UpstreamFailure.Transient(0, "stream_incomplete", "the response stream failed")));
  }

  @Override
  public void onComplete() {
    // The terminal event has already ended the aggregation.
  }

  private ObjectNode response(String terminalData) {
    JsonNode terminal = parse(terminalData);
    JsonNode response = terminal.get("response");
    ObjectNode answer =
        response != null && response.isObject()
            ? (ObjectNode) response
            : MAPPER.createObjectNode().put("object", "response");
    JsonNode output = answer.get("output");
    if ((output == null || !output.isArray() || output.isEmpty()) && !items.isEmpty()) {
      answer.set("output", items);
    }
    return answer;
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException malformed) {
      // Upstream's events are JSON; one that is not carries nothing to aggregate.
      return MAPPER.createObjectNode();
    }
  }
}
