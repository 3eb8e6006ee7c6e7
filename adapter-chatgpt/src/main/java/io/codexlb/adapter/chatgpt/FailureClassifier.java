package io.codexlb.adapter.chatgpt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.codexlb.domain.upstream.UpstreamFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Classifies what upstream refused with, as failover needs it (after upstream codex-lb's {@code
 * classify_upstream_failure}): the code is the error's {@code code}, else its {@code type},
 * lower-cased; rate-limit and quota codes win over the status, then 401, then the transient codes
 * and any 5xx; the rest is a rejection that says nothing about the account.
 */
final class FailureClassifier {

  private static final Set<String> RATE_LIMIT =
      Set.of("rate_limit_exceeded", "usage_limit_reached");
  private static final Set<String> QUOTA =
      Set.of("insufficient_quota", "usage_not_included", "quota_exceeded");
  private static final Set<String> TRANSIENT =
      Set.of(
          "server_error",
          "upstream_error",
          "stream_incomplete",
          "overloaded_error",
          "server_is_overloaded");

  /** Upstream's resets must lie within this much of now to be believed. */
  private static final Duration MAX_RESET = Duration.ofDays(366);

  /** Messages are kept for logs, not stored whole. */
  private static final int MAX_MESSAGE = 500;

  private FailureClassifier() {}

  /**
   * Classifies an HTTP error response.
   *
   * @param status its status, not 2xx
   * @param body its body, JSON or not
   */
  static UpstreamFailure classifyResponse(int status, byte[] body, Instant now) {
    JsonNode root = Json.parse(body).orElse(MissingNode.getInstance());
    JsonNode error = root.path("error").isObject() ? root.path("error") : root;
    Optional<String> detail = Json.text(root, "detail").or(() -> Json.text(root, "error"));
    return classify(status, error, detail, now);
  }

  /**
   * Classifies an error reported inside a 200 stream: the {@code error} object of an {@code error}
   * or {@code response.failed} event (or the event itself when it carries the fields).
   */
  static UpstreamFailure classifyStreamError(int status, JsonNode error, Instant now) {
    return classify(status, error, Optional.empty(), now);
  }

  private static UpstreamFailure classify(
      int status, JsonNode error, Optional<String> detail, Instant now) {
    String code =
        Json.text(error, "code")
            .or(() -> Json.text(error, "type"))
            .map(value -> value.toLowerCase(Locale.ROOT))
            .orElse("");
    String message =
        shorten(
            Json.text(error, "message")
                .or(() -> detail)
                .orElse("upstream answered HTTP " + status));
    String shownCode = code.isEmpty() ? defaultCode(status) : code;
    if (RATE_LIMIT.contains(code) || (code.isEmpty() && status == 429)) {
      return new UpstreamFailure.RateLimited(
          shownCode, message, resetAt(error, now), RetryAfterParser.parse(message));
    }
    if (QUOTA.contains(code)) {
      return new UpstreamFailure.QuotaExceeded(shownCode, message, resetAt(error, now));
    }
    if (status == 401) {
      return new UpstreamFailure.Unauthorized(shownCode, message);
    }
    if (TRANSIENT.contains(code)
        || message.toLowerCase(Locale.ROOT).contains("at capacity")
        || status >= 500) {
      return new UpstreamFailure.Transient(status, shownCode, message);
    }
    return new UpstreamFailure.Rejected(status, shownCode, message);
  }

  /** {@code resets_at} (epoch seconds), else now plus {@code resets_in_seconds}. */
  private static Optional<Instant> resetAt(JsonNode error, Instant now) {
    Instant latest = now.plus(MAX_RESET);
    OptionalDouble at = Json.number(error, "resets_at");
    if (at.isPresent() && at.getAsDouble() > 0 && at.getAsDouble() < latest.getEpochSecond()) {
      return Optional.of(Instant.ofEpochSecond((long) at.getAsDouble()));
    }
    OptionalDouble in = Json.number(error, "resets_in_seconds");
    if (in.isPresent() && in.getAsDouble() >= 0 && in.getAsDouble() <= MAX_RESET.toSeconds()) {
      return Optional.of(now.plusMillis(Math.round(in.getAsDouble() * 1000)));
    }
    return Optional.empty();
  }

  private static String defaultCode(int status) {
    if (status == 401) {
      return "unauthorized";
    }
    if (status == 429) {
      return "rate_limit_exceeded";
    }
    return status >= 500 ? "upstream_error" : "upstream_http_" + status;
  }

  private static String shorten(String message) {
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "…";
  }
}
