package io.codexlb.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link StoreChangePublisher}. An adapter's test extends this class and supplies
 * two publishers over the same store, standing for two instances (for a store only one process
 * uses, both may be the same object).
 */
public abstract class StoreChangePublisherContract {

  /** Generous: the contract promises about a second; a slow CI machine must not fail it. */
  private static final long WAIT_SECONDS = 10;

  /** The publisher of one instance. */
  protected abstract StoreChangePublisher publisher() throws Exception;

  /** The publisher of another instance sharing the store with {@link #publisher()}'s. */
  protected abstract StoreChangePublisher otherInstancesPublisher() throws Exception;

  @Test
  void aChangePublishedByOneInstanceReachesTheOther() throws Exception {
    StoreChangePublisher mine = publisher();
    StoreChangePublisher theirs = otherInstancesPublisher();
    BlockingQueue<StoreChange> received = new LinkedBlockingQueue<>();
    theirs.subscribe(received::add);

    mine.publish(StoreChange.API_KEYS);

    assertThat(awaitChange(received, StoreChange.API_KEYS)).isTrue();
  }

  @Test
  void everySubscriberIsCalled() throws Exception {
    StoreChangePublisher publisher = publisher();
    BlockingQueue<StoreChange> first = new LinkedBlockingQueue<>();
    BlockingQueue<StoreChange> second = new LinkedBlockingQueue<>();
    publisher.subscribe(first::add);
    publisher.subscribe(second::add);

    publisher.publish(StoreChange.SETTINGS);

    assertThat(awaitChange(first, StoreChange.SETTINGS)).isTrue();
    assertThat(awaitChange(second, StoreChange.SETTINGS)).isTrue();
  }

  /** Whether {@code expected} arrives in time; other changes (repeats, reloads) may come first. */
  private static boolean awaitChange(BlockingQueue<StoreChange> queue, StoreChange expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < deadline) {
      StoreChange change = queue.poll(100, TimeUnit.MILLISECONDS);
      if (change == expected) {
        return true;
      }
    }
    return false;
  }
}
