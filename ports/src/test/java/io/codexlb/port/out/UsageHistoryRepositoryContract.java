package io.codexlb.port.out;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.Credits;
import io.codexlb.domain.account.UsageWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link UsageHistoryRepository} does; each adapter runs it against its store. */
public abstract class UsageHistoryRepositoryContract {

  static final Instant T = Instant.parse("2026-12-07T10:15:30.123Z");
  static final AccountId A = new AccountId("acct-a");
  static final AccountId B = new AccountId("acct-b");

  /** A new, empty repository. */
  protected abstract UsageHistoryRepository newRepository() throws Exception;

  static UsageSample sample(AccountId account, Instant at, double primaryPercent) {
    return new UsageSample(
        account,
        at,
        Optional.of("plus"),
        Optional.of(
            new UsageWindow(primaryPercent, at.plus(Duration.ofHours(5)), Duration.ofHours(5))),
        Optional.of(new UsageWindow(12.5, at.plus(Duration.ofDays(7)), Duration.ofDays(7))),
        new Credits(true, false, 3.25));
  }

  @Test
  void samplesReadBackWholeOldestFirstPerAccount() throws Exception {
    UsageHistoryRepository history = newRepository();
    UsageSample second = sample(A, T.plusSeconds(60), 20);
    UsageSample first = sample(A, T, 10);
    UsageSample other = sample(B, T, 99);
    await(history.append(List.of(second, other)));
    await(history.append(List.of(first)));

    assertThat(await(history.find(A, T, T.plusSeconds(3600), 100))).containsExactly(first, second);
    assertThat(await(history.find(B, T, T.plusSeconds(3600), 100))).containsExactly(other);
  }

  @Test
  void missingWindowsAndPlanStayMissing() throws Exception {
    UsageHistoryRepository history = newRepository();
    UsageSample bare =
        new UsageSample(
            A,
            T,
            Optional.empty(),
            Optional.empty(),
            Optional.of(new UsageWindow(100, T.plusSeconds(5), Duration.ofDays(7))),
            Credits.NONE);
    await(history.append(List.of(bare)));

    assertThat(await(history.find(A, T, T.plusSeconds(1), 10))).containsExactly(bare);
  }

  @Test
  void findsTheHalfOpenRangeUpToTheLimit() throws Exception {
    UsageHistoryRepository history = newRepository();
    for (int i = 0; i < 5; i++) {
      await(history.append(List.of(sample(A, T.plusSeconds(i * 60L), i))));
    }

    List<UsageSample> middle = await(history.find(A, T.plusSeconds(60), T.plusSeconds(240), 100));
    assertThat(middle)
        .extracting(s -> s.primary().orElseThrow().usedPercent())
        .containsExactly(1.0, 2.0, 3.0);
    List<UsageSample> limited = await(history.find(A, T, T.plusSeconds(3600), 2));
    assertThat(limited)
        .extracting(s -> s.primary().orElseThrow().usedPercent())
        .containsExactly(0.0, 1.0);
  }

  @Test
  void appendingNothingDoesNothing() throws Exception {
    UsageHistoryRepository history = newRepository();
    await(history.append(List.of()));

    assertThat(await(history.find(A, T.minusSeconds(1), T.plusSeconds(1), 10))).isEmpty();
  }
}
