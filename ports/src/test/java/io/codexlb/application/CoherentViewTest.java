package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.port.out.InProcessStoreChangePublisher;
import io.codexlb.port.out.StoreChange;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CoherentViewTest {

  private final InProcessStoreChangePublisher changes = new InProcessStoreChangePublisher();
  private final AtomicInteger storeValue = new AtomicInteger(1);
  private final AtomicInteger loads = new AtomicInteger();

  private CompletionStage<Integer> loadNow() {
    loads.incrementAndGet();
    return CompletableFuture.completedFuture(storeValue.get());
  }

  @Test
  void loadsOnceAndThenReloadsOnlyOnChangesToItsPart() {
    CoherentView<Integer> view =
        await(CoherentView.load(StoreChange.API_KEYS, this::loadNow, changes));
    assertThat(view.current()).isEqualTo(1);

    storeValue.set(2);
    changes.publish(StoreChange.SETTINGS);
    assertThat(view.current()).as("another part changed").isEqualTo(1);

    changes.publish(StoreChange.API_KEYS);
    assertThat(view.current()).isEqualTo(2);
    assertThat(loads).hasValue(2);
  }

  @Test
  void changesDuringAReloadCoalesceIntoOneMoreReloadThatSeesThem() {
    Deque<CompletableFuture<Integer>> inFlight = new ArrayDeque<>();
    CompletableFuture<CoherentView<Integer>> loading =
        CoherentView.<Integer>load(
                StoreChange.ACCOUNTS,
                () -> {
                  CompletableFuture<Integer> load = new CompletableFuture<>();
                  inFlight.add(load);
                  return load;
                },
                changes)
            .toCompletableFuture();
    inFlight.poll().complete(1);
    CoherentView<Integer> view = loading.join();

    changes.publish(StoreChange.ACCOUNTS);
    changes.publish(StoreChange.ACCOUNTS);
    changes.publish(StoreChange.ACCOUNTS);
    assertThat(inFlight).as("one reload at a time").hasSize(1);

    inFlight.poll().complete(2);
    assertThat(inFlight).as("one more reload for the changes it may have missed").hasSize(1);
    inFlight.poll().complete(3);

    assertThat(inFlight).isEmpty();
    assertThat(view.current()).isEqualTo(3);
  }

  @Test
  void aFailedReloadKeepsThePreviousCopy() {
    AtomicInteger attempt = new AtomicInteger();
    CoherentView<Integer> view =
        await(
            CoherentView.load(
                StoreChange.SETTINGS,
                () ->
                    attempt.incrementAndGet() == 2
                        ? CompletableFuture.failedFuture(new IllegalStateException("db down"))
                        : CompletableFuture.completedFuture(attempt.get()),
                changes));

    changes.publish(StoreChange.SETTINGS);
    assertThat(view.current()).isEqualTo(1);

    changes.publish(StoreChange.SETTINGS);
    assertThat(view.current()).isEqualTo(3);
  }
}
