package io.codexlb.port.out;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link StickySessionRepository}. An adapter's test extends this class and returns
 * a fresh, empty repository from {@link #newRepository()} for each test.
 */
public abstract class StickySessionRepositoryContract {

  private static final Instant T = Instant.parse("2026-12-06T12:00:00.123Z");
  private static final AccountId A = new AccountId("acct-a");
  private static final AccountId B = new AccountId("acct-b");

  /** A repository over an empty store. */
  protected abstract StickySessionRepository newRepository() throws Exception;

  private static StickyPin pin(String key, AccountId account, long secondsAfterT) {
    return new StickyPin(new StickyKey(key), account, T.plusSeconds(secondsAfterT));
  }

  @Test
  void aSavedPinIsFoundWhileLiveAndNotFromItsExpiryOn() throws Exception {
    StickySessionRepository repository = newRepository();
    StickyPin pin = pin("conv-1", A, 60);
    await(repository.saveAll(List.of(pin)));

    assertThat(await(repository.find(new StickyKey("conv-1"), T))).contains(pin);
    assertThat(await(repository.find(new StickyKey("conv-1"), T.plusSeconds(60).minusMillis(1))))
        .contains(pin);
    assertThat(await(repository.find(new StickyKey("conv-1"), T.plusSeconds(60)))).isEmpty();
    assertThat(await(repository.find(new StickyKey("CONV-1"), T)))
        .as("keys compare exactly")
        .isEmpty();
  }

  @Test
  void savingAKeyAgainReplacesItsAccountAndExpiryTheLastOfABatchWinning() throws Exception {
    StickySessionRepository repository = newRepository();
    await(repository.saveAll(List.of(pin("conv-1", A, 60))));

    await(repository.saveAll(List.of(pin("conv-1", B, 120), pin("conv-1", A, 300))));

    assertThat(await(repository.find(new StickyKey("conv-1"), T))).contains(pin("conv-1", A, 300));
    await(repository.saveAll(List.of(pin("conv-1", B, 30))));
    assertThat(await(repository.find(new StickyKey("conv-1"), T))).contains(pin("conv-1", B, 30));
  }

  @Test
  void listingPagesThroughTheLivePinsByKeyEachOnce() throws Exception {
    StickySessionRepository repository = newRepository();
    List<StickyPin> live = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      live.add(pin("k" + i, i % 2 == 0 ? A : B, 60 + i));
    }
    List<StickyPin> all = new ArrayList<>(live);
    all.add(pin("k3x", A, -1)); // expired
    await(repository.saveAll(all));

    List<StickyPin> seen = new ArrayList<>();
    Optional<StickyKey> after = Optional.empty();
    int pages = 0;
    do {
      StickyPinPage page = await(repository.list(T, after, 3));
      assertThat(page.pins()).hasSizeLessThanOrEqualTo(3);
      seen.addAll(page.pins());
      after = page.next();
      pages++;
    } while (after.isPresent());

    assertThat(seen).containsExactlyElementsOf(live);
    assertThat(pages).isEqualTo(3);
    assertThat(await(repository.list(T, Optional.empty(), 7)).next())
        .as("a full last page has no next key")
        .isEmpty();
    assertThatThrownBy(() -> repository.list(T, Optional.empty(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deleteRemovesOneKeyAndSaysWhetherItWasThere() throws Exception {
    StickySessionRepository repository = newRepository();
    await(repository.saveAll(List.of(pin("conv-1", A, 60), pin("conv-2", A, 60))));

    assertThat(await(repository.delete(new StickyKey("conv-1")))).isTrue();
    assertThat(await(repository.delete(new StickyKey("conv-1")))).isFalse();

    assertThat(await(repository.find(new StickyKey("conv-1"), T))).isEmpty();
    assertThat(await(repository.find(new StickyKey("conv-2"), T))).isPresent();
  }

  @Test
  void deleteByAccountRemovesOnlyThatAccountsPins() throws Exception {
    StickySessionRepository repository = newRepository();
    await(
        repository.saveAll(
            List.of(pin("conv-1", A, 60), pin("conv-2", B, 60), pin("conv-3", A, -5))));

    assertThat(await(repository.deleteByAccount(A))).isEqualTo(2);

    assertThat(await(repository.list(T.minusSeconds(3600), Optional.empty(), 10)).pins())
        .containsExactly(pin("conv-2", B, 60));
  }

  @Test
  void deleteExpiredRemovesThePinsExpiredAtNowAndKeepsTheLiveOnes() throws Exception {
    StickySessionRepository repository = newRepository();
    await(repository.saveAll(List.of(pin("old", A, -1), pin("edge", A, 0), pin("live", B, 1))));

    assertThat(await(repository.deleteExpired(T))).isEqualTo(2);

    assertThat(await(repository.list(T.minusSeconds(3600), Optional.empty(), 10)).pins())
        .containsExactly(pin("live", B, 1));
  }

  @Test
  void deleteAllEmptiesTheStore() throws Exception {
    StickySessionRepository repository = newRepository();
    await(repository.saveAll(List.of(pin("conv-1", A, 60), pin("conv-2", B, -60))));

    assertThat(await(repository.deleteAll())).isEqualTo(2);

    assertThat(await(repository.list(T.minusSeconds(3600), Optional.empty(), 10)).pins()).isEmpty();
    assertThat(await(repository.deleteAll())).isZero();
  }
}
