package io.codexlb.port.out;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link UsageHistoryRepository}. An adapter's test extends this class and returns
 * a fresh, empty repository from {@link #newRepository()} for each test.
 */
public abstract class UsageHistoryRepositoryContract {

  private static final Instant T = Instant.parse("2026-11-27T12:00:00.125Z");
  private static final AccountId ACCOUNT = new AccountId("acct-1");

  /** A repository over an empty store. */
  protected abstract UsageHistoryRepository newRepository() throws Exception;

  private static UsageSample sample(AccountId account, long minutes, UsageSample.QuotaWindow w) {
    return new UsageSample(
        account,
        T.plusSeconds(minutes * 60),
        w,
        12.75 + minutes,
        T.plusSeconds(3_600),
        w == UsageSample.QuotaWindow.PRIMARY ? Duration.ofHours(5) : Duration.ofDays(7));
  }

  @Test
  void samplesReadBackEqualOldestFirstForOneAccountInTheRange() throws Exception {
    UsageHistoryRepository repository = newRepository();
    UsageSample early = sample(ACCOUNT, 0, UsageSample.QuotaWindow.SECONDARY);
    UsageSample earlyPrimary = sample(ACCOUNT, 0, UsageSample.QuotaWindow.PRIMARY);
    UsageSample late = sample(ACCOUNT, 10, UsageSample.QuotaWindow.PRIMARY);
    UsageSample outside = sample(ACCOUNT, 20, UsageSample.QuotaWindow.PRIMARY);
    UsageSample otherAccount = sample(new AccountId("acct-2"), 5, UsageSample.QuotaWindow.PRIMARY);
    await(repository.append(List.of(late, early, outside)));
    await(repository.append(List.of(otherAccount, earlyPrimary)));

    assertThat(await(repository.query(ACCOUNT, T, T.plusSeconds(20 * 60))))
        .containsExactly(earlyPrimary, early, late);
  }

  @Test
  void deleteOlderThanRemovesOnlyOlderSamples() throws Exception {
    UsageHistoryRepository repository = newRepository();
    await(
        repository.append(
            List.of(
                sample(ACCOUNT, 0, UsageSample.QuotaWindow.PRIMARY),
                sample(ACCOUNT, 10, UsageSample.QuotaWindow.PRIMARY))));

    assertThat(await(repository.deleteOlderThan(T.plusSeconds(10 * 60)))).isEqualTo(1L);
    assertThat(await(repository.query(ACCOUNT, T, T.plusSeconds(3_600))))
        .containsExactly(sample(ACCOUNT, 10, UsageSample.QuotaWindow.PRIMARY));
  }
}
