package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long a client may take over each part of an HTTP/1.x exchange before the listener gives up on
 * its connection. A slow or silent client ties up a connection, a file descriptor and whatever its
 * request has buffered; these bound that time whatever the client does.
 *
 * @param headerTimeout from the connection's opening, or the first byte of a later request, until
 *     the request's headers are complete; past it the client gets 408 (or, if it sent nothing, the
 *     connection is closed)
 * @param bodyTimeout from the end of the headers until the whole body has arrived; past it the
 *     client gets 408 and the connection is closed
 * @param keepAliveTimeout how long a connection may wait, idle, for its next request after a
 *     response; past it the connection is closed
 */
public record ConnectionLimits(
    Duration headerTimeout, Duration bodyTimeout, Duration keepAliveTimeout) {

  /** The defaults: 10 s for the headers, 60 s for the body, 75 s idle between requests. */
  public static final ConnectionLimits DEFAULTS =
      new ConnectionLimits(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(75));

  public ConnectionLimits {
    positive(headerTimeout, "headerTimeout");
    positive(bodyTimeout, "bodyTimeout");
    positive(keepAliveTimeout, "keepAliveTimeout");
  }

  private static void positive(Duration timeout, String name) {
    requireNonNull(timeout, name);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(name + ": " + timeout + " (expected: > 0)");
    }
  }
}
