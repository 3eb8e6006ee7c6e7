package io.codexlb.domain.limit;

/**
 * How large a slice of a limit's remaining budget one instance may lease from the shared store, so
 * that instances admit requests from their slice without a round trip while the limit is far, and
 * the slices shrink as it nears (the Doorman and token-lease designs).
 *
 * <p>The store calls {@link #grant} inside the step that reads the limit and writes the lease, with
 * {@code available = max_value - current_value - (every holder's unexpired leases)}. So the sum of
 * the settled usage and of all leases never exceeds {@code max_value}, whatever the concurrency:
 * every grant is at most what is available at that instant. The one exception is the <em>last
 * request</em>: when less than one request's ceiling is left and no holder leases anything on the
 * limit, the rest is granted to one request alone, which may use up to its ceiling; that request's
 * excess is the whole overshoot, as with a single process's ledger ({@link KeyLimits}).
 */
public final class LeaseSizing {

  /**
   * A holder leases at most {@code 1 / FAIR_SHARE_DIVISOR} of its fair share of what is left, so
   * that half the budget stays unleased for other instances and for the slices to come.
   */
  public static final int FAIR_SHARE_DIVISOR = 2;

  private LeaseSizing() {}

  /**
   * The amount to grant.
   *
   * @param available what no one has settled or leased: {@code max_value - current_value - leases}
   *     (may be negative when a limit was lowered)
   * @param holders the holders with an unexpired lease on the limit, the asking one included (at
   *     least 1)
   * @param leasedByOthers what other holders lease on the limit now
   * @param minimum the least the asker can use: one request's ceiling (its worst case)
   * @param most the most the asker wants (e.g. its recent rate over a lease period); at least
   *     {@code minimum}
   * @return 0 (refused: the asker must wait or refuse its request), or an amount at least {@code
   *     minimum} and at most {@code available}; or, for the last request (less than {@code minimum}
   *     left, no other holder leasing), everything that is left
   */
  public static long grant(
      long available, int holders, long leasedByOthers, long minimum, long most) {
    if (holders < 1) {
      throw new IllegalArgumentException("holders: " + holders + " (expected: >= 1)");
    }
    if (minimum < 1 || most < minimum) {
      throw new IllegalArgumentException(
          "minimum, most: " + minimum + ", " + most + " (expected: 1 <= minimum <= most)");
    }
    if (available <= 0) {
      return 0;
    }
    if (available < minimum) {
      // Near the end: one request alone, once no other instance could be admitting against it.
      return leasedByOthers == 0 ? available : 0;
    }
    long fair = available / ((long) FAIR_SHARE_DIVISOR * holders);
    return Math.min(available, Math.min(most, Math.max(minimum, fair)));
  }
}
