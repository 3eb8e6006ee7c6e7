package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Where a page of request logs ended: the last entry's time and id. The next page starts strictly
 * after it in the log's order (newest first), so entries appended meanwhile never shift a page.
 *
 * @param requestedAt the last entry's {@code requestedAt}
 * @param requestId the last entry's {@code requestId}
 */
public record RequestLogCursor(Instant requestedAt, String requestId) {

  public RequestLogCursor {
    requireNonNull(requestedAt, "requestedAt");
    requireNonNull(requestId, "requestId");
  }

  /** The cursor just after {@code log}. */
  public static RequestLogCursor after(RequestLog log) {
    return new RequestLogCursor(log.requestedAt(), log.requestId());
  }
}
