package io.codexlb.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.Credits;
import io.codexlb.domain.account.UsageWindow;
import io.codexlb.port.in.UsageHistoryQuery;
import io.codexlb.port.in.UsageHistoryResult;
import io.codexlb.port.out.InMemoryAccountRepository;
import io.codexlb.port.out.InMemoryUsageHistoryRepository;
import io.codexlb.port.out.ReversingSecretCipher;
import io.codexlb.port.out.TestAccounts;
import io.codexlb.port.out.UsageHistoryRepository;
import io.codexlb.port.out.UsageSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UsageHistoryServiceTest {

  private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");
  private static final AccountId ONE = new AccountId("one");

  private final InMemoryAccountRepository accounts = new InMemoryAccountRepository();
  private final InMemoryUsageHistoryRepository history = new InMemoryUsageHistoryRepository();
  private final UsageHistoryService service = new UsageHistoryService(accounts, history);

  @BeforeEach
  void setUp() {
    accounts
        .save(TestAccounts.active("one", new ReversingSecretCipher()))
        .toCompletableFuture()
        .join();
  }

  private static UsageSample sample(AccountId account, Instant at, double percent) {
    return new UsageSample(
        account,
        at,
        Optional.of("pro"),
        Optional.of(new UsageWindow(percent, at.plus(Duration.ofHours(5)), Duration.ofHours(5))),
        Optional.empty(),
        new Credits(true, false, 3.5));
  }

  private UsageHistoryResult read(AccountId account, Instant from, Instant to) {
    return service
        .usageHistory(new UsageHistoryQuery(account, from, to))
        .toCompletableFuture()
        .join();
  }

  @Test
  void returnsTheAccountsPollsInTheRangeOldestFirstAsStored() {
    history
        .append(
            List.of(
                sample(ONE, T.plusSeconds(120), 30),
                sample(ONE, T.minusSeconds(1), 10),
                sample(ONE, T, 20),
                sample(new AccountId("two"), T.plusSeconds(60), 99),
                sample(ONE, T.plusSeconds(3600), 40)))
        .toCompletableFuture()
        .join();

    UsageHistoryResult result = read(ONE, T, T.plusSeconds(3600));

    assertThat(result).isInstanceOf(UsageHistoryResult.Found.class);
    UsageHistoryResult.Found found = (UsageHistoryResult.Found) result;
    assertThat(found.truncated()).isFalse();
    assertThat(found.polls())
        .extracting(UsageHistoryResult.Poll::polledAt)
        .containsExactly(T, T.plusSeconds(120));
    UsageHistoryResult.Poll first = found.polls().get(0);
    assertThat(first.planType()).contains("pro");
    assertThat(first.primary().orElseThrow().usedPercent()).isEqualTo(20);
    assertThat(first.primary().orElseThrow().resetsAt()).isEqualTo(T.plus(Duration.ofHours(5)));
    assertThat(first.secondary()).isEmpty();
    assertThat(first.credits()).isEqualTo(new Credits(true, false, 3.5));
  }

  @Test
  void anUnknownAccountIsNotFoundEvenWithHistoryLeft() {
    AccountId gone = new AccountId("gone");
    history.append(List.of(sample(gone, T, 5))).toCompletableFuture().join();

    assertThat(read(gone, T.minusSeconds(60), T.plusSeconds(60)))
        .isEqualTo(new UsageHistoryResult.NotFound(gone));
  }

  @Test
  void aFullAnswerIsMarkedTruncated() {
    List<UsageSample> many =
        IntStream.range(0, UsageHistoryRepository.MAX_SAMPLES + 1)
            .mapToObj(i -> sample(ONE, T.plusSeconds(i), 1))
            .toList();
    history.append(many).toCompletableFuture().join();

    UsageHistoryResult.Found found =
        (UsageHistoryResult.Found) read(ONE, T, T.plus(Duration.ofDays(1)));

    assertThat(found.truncated()).isTrue();
    assertThat(found.polls()).hasSize(UsageHistoryRepository.MAX_SAMPLES);
    assertThat(found.polls().get(0).polledAt()).isEqualTo(T);
  }

  @Test
  void aQueryRefusesAnEmptyOrOverLongRange() {
    assertThatThrownBy(() -> new UsageHistoryQuery(ONE, T, T))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new UsageHistoryQuery(ONE, T, T.plus(Duration.ofDays(91))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new UsageHistoryQuery(ONE, T, T.plus(Duration.ofDays(90))).to())
        .isEqualTo(T.plus(Duration.ofDays(90)));
  }
}
