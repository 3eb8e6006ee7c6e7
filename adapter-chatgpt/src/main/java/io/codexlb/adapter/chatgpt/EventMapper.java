package io.codexlb.adapter.chatgpt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.domain.pricing.TokenUsage;
import io.codexlb.domain.upstream.ResponseUsage;
import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.domain.upstream.UpstreamFailure;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Reads what the proxy must act on out of one upstream event. Only the few event types that carry
 * something (rate limits, the terminal events, errors, the legacy delta alias) are parsed; the many
 * deltas of a response pass without touching Jackson.
 */
final class EventMapper {

  static final String TEXT_DELTA_ALIAS = "response.text.delta";
  static final String TEXT_DELTA = "response.output_text.delta";

  private EventMapper() {}

  /**
   * The event's meaning.
   *
   * @param status the HTTP status of the stream, for failures inside it
   */
  static UpstreamEvent map(SseEvent event, int status, Instant now) {
    return map(event, status, Clock.fixed(now, ZoneOffset.UTC));
  }

  /**
   * The event's meaning; the clock is read only for the events that need the time (rate limits and
   * failures), not for every delta. An event that only passes keeps its frame ({@link
   * SseEvent#passed()}): its data is not decoded here.
   *
   * @param status the HTTP status of the stream, for failures inside it
   */
  static UpstreamEvent map(SseEvent event, int status, Clock clock) {
    String type = event.name();
    JsonNode json = null;
    if (type.isEmpty() || "message".equals(type)) {
      json = parse(event.data());
      type = Json.text(json, "type").orElse("message");
    }
    switch (type) {
      case "codex.rate_limits":
      case "response.completed":
      case "response.incomplete":
      case "response.failed":
      case "error":
      case TEXT_DELTA_ALIAS:
        return read(type, event.data(), json, status, clock.instant());
      default:
        return type.equals(event.name())
            ? event.passed()
            : new UpstreamEvent.Passed(type, event.data());
    }
  }

  /** An event the proxy acts on: its data parsed (once, if {@code json} is not already). */
  private static UpstreamEvent read(
      String type, String data, @Nullable JsonNode json, int status, Instant now) {
    switch (type) {
      case "codex.rate_limits":
        json = json != null ? json : parse(data);
        return QuotaParser.fromRateLimitsEvent(json, now)
            .<UpstreamEvent>map(
                snapshot -> new UpstreamEvent.RateLimits("codex.rate_limits", data, snapshot))
            .orElseGet(() -> new UpstreamEvent.Passed("codex.rate_limits", data));
      case "response.completed":
      case "response.incomplete":
        // Most of a completed event is the response itself: its usage is read without a tree.
        return new UpstreamEvent.Completed(
            type,
            data,
            json != null ? usage(json.path("response").path("usage")) : UsageScan.usage(data));
      case "response.failed":
        json = json != null ? json : parse(data);
        return new UpstreamEvent.Failed(
            type,
            data,
            streamFailure(status, json.path("response").path("error"), "response_failed", now));
      case "error":
        json = json != null ? json : parse(data);
        JsonNode error = json.path("error").isObject() ? json.path("error") : json;
        return new UpstreamEvent.Failed(
            type, data, streamFailure(status, error, "upstream_error", now));
      case TEXT_DELTA_ALIAS:
        return new UpstreamEvent.Passed(
            TEXT_DELTA, renameType(json != null ? json : parse(data), data));
      default:
        return new UpstreamEvent.Passed(type, data);
    }
  }

  /** The usage of a terminal event; empty when missing or inconsistent (never taken as zero). */
  static Optional<ResponseUsage> usage(JsonNode usage) {
    return usage(
        Json.whole(usage, "input_tokens"),
        Json.whole(usage, "output_tokens"),
        Json.whole(usage.path("input_tokens_details"), "cached_tokens"),
        Json.whole(usage.path("output_tokens_details"), "reasoning_tokens"));
  }

  /**
   * The usage from its four counts however they were read (a tree, or {@link UsageScan}): empty
   * without input and output or with either negative; the details clamped to their totals.
   */
  static Optional<ResponseUsage> usage(
      OptionalLong input, OptionalLong output, OptionalLong cached, OptionalLong reasoning) {
    if (input.isEmpty() || output.isEmpty() || input.getAsLong() < 0 || output.getAsLong() < 0) {
      return Optional.empty();
    }
    long in = input.getAsLong();
    long out = output.getAsLong();
    TokenUsage tokens = new TokenUsage(in, Math.max(0, Math.min(cached.orElse(0), in)), out);
    return Optional.of(new ResponseUsage(tokens, Math.max(0, Math.min(reasoning.orElse(0), out))));
  }

  private static UpstreamFailure streamFailure(
      int status, JsonNode error, String defaultCode, Instant now) {
    UpstreamFailure failure = FailureClassifier.classifyStreamError(status, error, now);
    // An error without a code inside a 2xx stream is not a rejection of the request: say so.
    if (failure instanceof UpstreamFailure.Rejected
        && Json.text(error, "code").isEmpty()
        && Json.text(error, "type").isEmpty()) {
      return new UpstreamFailure.Rejected(status, defaultCode, failure.message());
    }
    return failure;
  }

  private static JsonNode parse(String data) {
    return Json.parse(data).orElse(MissingNode.getInstance());
  }

  private static String renameType(JsonNode json, String data) {
    if (!(json instanceof ObjectNode object) || !object.has("type")) {
      return data;
    }
    object.put("type", TEXT_DELTA);
    try {
      return Json.MAPPER.writeValueAsString(json);
    } catch (JsonProcessingException cannotHappen) {
      return data;
    }
  }
}
