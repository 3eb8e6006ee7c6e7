package io.codexlb.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link StoreChangePublisher}. An adapter's test extends this class and supplies
 * two publishers over the same store, standing for two instances (for a store only one process
 * uses, both may be the same object). The contract promises delivery in about a second; the tests
 * wait Awaitility's default ten, so that a slow CI machine does not fail it.
 */
public abstract class StoreChangePublisherContract {

  /** The publisher of one instance. */
  protected abstract StoreChangePublisher publisher() throws Exception;

  /** The publisher of another instance sharing the store with {@link #publisher()}'s. */
  protected abstract StoreChangePublisher otherInstancesPublisher() throws Exception;

  @Test
  void aChangePublishedByOneInstanceReachesTheOther() throws Exception {
    StoreChangePublisher mine = publisher();
    StoreChangePublisher theirs = otherInstancesPublisher();
    List<StoreChange> received = new CopyOnWriteArrayList<>();
    theirs.subscribe(received::add);

    mine.publish(StoreChange.API_KEYS);

    // Other changes (repeats, reloads) may come first.
    await().untilAsserted(() -> assertThat(received).contains(StoreChange.API_KEYS));
  }

  @Test
  void everySubscriberIsCalled() throws Exception {
    StoreChangePublisher publisher = publisher();
    List<StoreChange> first = new CopyOnWriteArrayList<>();
    List<StoreChange> second = new CopyOnWriteArrayList<>();
    publisher.subscribe(first::add);
    publisher.subscribe(second::add);

    publisher.publish(StoreChange.SETTINGS);

    await().untilAsserted(() -> assertThat(first).contains(StoreChange.SETTINGS));
    await().untilAsserted(() -> assertThat(second).contains(StoreChange.SETTINGS));
  }
}
