package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One page of request logs.
 *
 * @param entries the logs, newest first
 * @param next the cursor of the next page; empty when this page is the last
 */
public record RequestLogPage(List<RequestLog> entries, Optional<RequestLogCursor> next) {

  public RequestLogPage {
    entries = List.copyOf(requireNonNull(entries, "entries"));
    requireNonNull(next, "next");
  }
}
