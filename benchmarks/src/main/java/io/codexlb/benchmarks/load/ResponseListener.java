package io.codexlb.benchmarks.load;

/**
 * What happens to one request sent by a {@link LoadClient}, reported on the client's event loop.
 * Exactly one of {@link #ended} and {@link #failed} is called, after at most one {@link
 * #firstByte}. Times are {@link System#nanoTime()} values.
 */
interface ResponseListener {

  /** The first chunk of the response body arrived. */
  void firstByte(long nanos);

  /** The whole response arrived with status {@code status}. */
  void ended(int status, long nanos);

  /** The request failed: no connection, a reset, a cut stream. */
  void failed(long nanos);
}
