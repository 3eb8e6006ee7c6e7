package io.codexlb.testkit;

import java.time.Duration;
import java.time.Instant;

/**
 * What the fake backend answers to one {@code POST {base}/codex/responses}: either a 200 SSE stream
 * ({@link StreamScript}) or an HTTP error ({@link ErrorScript}). Scripts are immutable values; the
 * factories below cover the situations a load balancer must handle, and each result can be refined
 * further with its own withers.
 */
public sealed interface Script permits StreamScript, ErrorScript {

  /** A normal answer streaming {@code text} in one delta, then {@code response.completed}. */
  static StreamScript text(String text) {
    return StreamScript.of(text);
  }

  /**
   * An answer that only calls a function: a {@code function_call} item whose arguments come in
   * {@code response.function_call_arguments.delta} events, then {@code response.completed}. Add
   * more calls with {@link StreamScript#withFunctionCall}.
   */
  static StreamScript functionCall(String callId, String name, String arguments) {
    return StreamScript.of("").withFunctionCall(new FunctionCall(callId, name, arguments));
  }

  /**
   * 429 {@code usage_limit_reached} with {@code resets_at} / {@code resets_in_seconds}, and the
   * primary window reported at 100% in the quota headers.
   */
  static ErrorScript rateLimited(Instant resetsAt) {
    return ErrorScript.rateLimited(resetsAt);
  }

  /**
   * 429 {@code insufficient_quota} with {@code resets_at}, and the secondary (weekly) window
   * reported at 100% in the quota headers.
   */
  static ErrorScript quotaExceeded(Instant resetsAt) {
    return ErrorScript.quotaExceeded(resetsAt);
  }

  /** 401 {@code token_expired}: the account's access token is no longer accepted. */
  static ErrorScript unauthorized() {
    return ErrorScript.unauthorized();
  }

  /** An HTTP failure with {@code status} (500, 502, 503...) and a {@code server_error} body. */
  static ErrorScript failure(int status) {
    return ErrorScript.failure(status);
  }

  /** Any HTTP error with the error {@code code} (also used as its {@code type}) and message. */
  static ErrorScript error(int status, String code, String message) {
    return ErrorScript.of(status, code, message);
  }

  /**
   * A 200 stream that opens normally and then fails with {@code response.failed}, error code {@code
   * server_is_overloaded}, before any text.
   */
  static StreamScript overloaded() {
    return StreamScript.of(StreamScript.DEFAULT_TEXT).overloadedAfter(0);
  }

  /** The default answer, streamed after {@code delay} without a single byte sent before. */
  static StreamScript slowFirstByte(Duration delay) {
    return StreamScript.of(StreamScript.DEFAULT_TEXT).firstByteAfter(delay);
  }

  /** How long the backend waits before it sends the status line. */
  Duration firstByteDelay();
}
