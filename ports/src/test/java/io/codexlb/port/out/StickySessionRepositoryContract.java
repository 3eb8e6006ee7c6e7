package io.codexlb.port.out;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link StickySessionRepository}. An adapter's test extends this class and returns
 * a fresh, empty repository from {@link #newRepository()} for each test.
 */
public abstract class StickySessionRepositoryContract {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00.500Z");

  /** A repository over an empty store. */
  protected abstract StickySessionRepository newRepository() throws Exception;

  private static StickyPin pin(String key, String account, long secondsLeft) {
    return new StickyPin(new StickyKey(key), new AccountId(account), NOW.plusSeconds(secondsLeft));
  }

  @Test
  void livePinsReadBackOrderedByKey() throws Exception {
    StickySessionRepository repository = newRepository();
    await(repository.put(pin("thread-b", "acct-1", 600)));
    await(repository.put(pin("thread-a", "acct-2", 60)));

    assertThat(await(repository.findLive(NOW)))
        .containsExactly(pin("thread-a", "acct-2", 60), pin("thread-b", "acct-1", 600));
  }

  @Test
  void putReplacesTheKeysPin() throws Exception {
    StickySessionRepository repository = newRepository();
    await(repository.put(pin("thread", "acct-1", 60)));
    await(repository.put(pin("thread", "acct-2", 1_800)));

    assertThat(await(repository.findLive(NOW))).containsExactly(pin("thread", "acct-2", 1_800));
  }

  @Test
  void aPinIsNotLiveFromItsExpiryOn() throws Exception {
    StickySessionRepository repository = newRepository();
    await(repository.put(pin("thread", "acct-1", 60)));

    assertThat(await(repository.findLive(NOW.plusSeconds(59)))).hasSize(1);
    assertThat(await(repository.findLive(NOW.plusSeconds(60)))).isEmpty();
  }

  @Test
  void deleteExpiredRemovesOnlyExpiredPins() throws Exception {
    StickySessionRepository repository = newRepository();
    await(repository.put(pin("old", "acct-1", 10)));
    await(repository.put(pin("new", "acct-1", 1_000)));

    assertThat(await(repository.deleteExpired(NOW.plusSeconds(10)))).isEqualTo(1);
    assertThat(await(repository.findLive(NOW))).containsExactly(pin("new", "acct-1", 1_000));
  }

  @Test
  void deleteRemovesOnePinAndDeleteForAccountRemovesItsPins() throws Exception {
    StickySessionRepository repository = newRepository();
    await(repository.put(pin("a", "acct-1", 600)));
    await(repository.put(pin("b", "acct-1", 600)));
    await(repository.put(pin("c", "acct-2", 600)));

    assertThat(await(repository.delete(new StickyKey("a")))).isTrue();
    assertThat(await(repository.delete(new StickyKey("a")))).isFalse();
    assertThat(await(repository.deleteForAccount(new AccountId("acct-1")))).isEqualTo(1);
    assertThat(await(repository.findLive(NOW))).containsExactly(pin("c", "acct-2", 600));
  }

  @Test
  void keysKeepEveryCharacterUpToTheMaximumLength() throws Exception {
    StickySessionRepository repository = newRepository();
    String longKey = "ü-€-".repeat(StickyKey.MAX_LENGTH / 4);
    await(repository.put(pin(longKey, "acct-1", 600)));

    assertThat(await(repository.findLive(NOW)))
        .extracting(stored -> stored.key().value())
        .containsExactly(longKey);
  }
}
