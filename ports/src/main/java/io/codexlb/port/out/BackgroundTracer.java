package io.codexlb.port.out;

/**
 * Told about the server's background work, so that it can be counted: token refreshes and usage
 * polls, each with its outcome and duration; whether this instance runs the store-wide jobs (holds
 * the {@link JobLease}), and each run of one. Framework-free, like {@link ProxyTracer}: the metrics
 * adapter implements it. Called on whatever thread finished the work; must not block.
 */
public interface BackgroundTracer {

  /** A tracer that does nothing. */
  BackgroundTracer NONE =
      new BackgroundTracer() {
        @Override
        public void tokenRefreshed(Outcome outcome, long millis) {}

        @Override
        public void usagePolled(Outcome outcome, long millis) {}

        @Override
        public void jobRunner(boolean runs) {}

        @Override
        public void jobRan(String job, Outcome outcome, long millis) {}
      };

  /** How a piece of background work ended; a fixed set, so it can label a metric. */
  enum Outcome {
    /** It did what it was for. */
    SUCCEEDED,
    /** It failed, and trying again later may succeed (a 5xx, a timeout, no connection). */
    FAILED_TRANSIENTLY,
    /** It failed for good (a refresh token upstream no longer accepts). */
    FAILED_PERMANENTLY
  }

  /**
   * One account's token refresh ended.
   *
   * @param outcome how
   * @param millis how long it took
   */
  void tokenRefreshed(Outcome outcome, long millis);

  /**
   * One account's usage poll ended.
   *
   * @param outcome how
   * @param millis how long it took
   */
  void usagePolled(Outcome outcome, long millis);

  /**
   * This instance started or stopped running the store-wide jobs: it took or lost the job lease.
   *
   * @param runs whether it runs them now
   */
  void jobRunner(boolean runs);

  /**
   * One run of a store-wide job ended.
   *
   * @param job the job's name ({@code usage_polling}, {@code token_sweep}, ...): a small fixed set
   * @param outcome {@link Outcome#SUCCEEDED}, or {@link Outcome#FAILED_TRANSIENTLY} when it failed
   *     (the next period tries again)
   * @param millis how long it took
   */
  void jobRan(String job, Outcome outcome, long millis);
}
