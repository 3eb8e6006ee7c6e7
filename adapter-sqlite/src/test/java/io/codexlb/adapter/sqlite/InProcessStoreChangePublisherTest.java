package io.codexlb.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.port.out.StoreChange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the in-process publisher adds to the contract: its delivery thread and fault isolation. */
class InProcessStoreChangePublisherTest {

  @Test
  void aFailingSubscriberDoesNotKeepTheOthersFromHearing() {
    InProcessStoreChangePublisher publisher = new InProcessStoreChangePublisher();
    List<StoreChange> heard = new ArrayList<>();
    publisher.subscribe(
        change -> {
          throw new IllegalStateException("subscriber bug");
        });
    publisher.subscribe(heard::add);

    publisher.publish(StoreChange.ACCOUNTS);

    assertThat(heard).containsExactly(StoreChange.ACCOUNTS);
  }

  @Test
  void subscribersAreCalledThroughTheGivenExecutor() {
    List<Runnable> queued = new ArrayList<>();
    InProcessStoreChangePublisher publisher = new InProcessStoreChangePublisher(queued::add);
    List<StoreChange> heard = new ArrayList<>();
    publisher.subscribe(heard::add);

    publisher.publish(StoreChange.SETTINGS);

    assertThat(heard).isEmpty();
    queued.forEach(Runnable::run);
    assertThat(heard).containsExactly(StoreChange.SETTINGS);
  }
}
