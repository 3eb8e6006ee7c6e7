package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.account.AdminTransition;
import io.codexlb.domain.account.Credits;
import io.codexlb.domain.account.PermanentAuthFailure;
import io.codexlb.domain.account.PlanType;
import io.codexlb.domain.account.UsageSnapshot;
import io.codexlb.domain.account.UsageWindow;
import io.codexlb.port.out.FakeUsageClient;
import io.codexlb.port.out.InMemoryUsageHistoryRepository;
import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.TestAccounts;
import io.codexlb.port.out.UsageReply;
import io.codexlb.port.out.UsageSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UsagePollerTest {

  private static final Duration PERIOD = Duration.ofSeconds(60);

  private final DataPlaneFixture f = new DataPlaneFixture();
  private final FakeUsageClient usage = new FakeUsageClient();
  private final InMemoryUsageHistoryRepository history = new InMemoryUsageHistoryRepository();

  private UsagePoller poller() {
    return new UsagePoller(
        f.pool, f.renewal(), usage, history, f.accounts, f.changes, f.clock, PERIOD);
  }

  /** Ticks once a second, as the server does, for {@code span}. */
  private void run(UsagePoller poller, Duration span) {
    for (long s = 0; s < span.toSeconds(); s++) {
      f.clock.advance(Duration.ofSeconds(1));
      await(poller.tick());
    }
  }

  private static UsageReply report(double primaryPercent, Instant primaryReset, double weekly) {
    return new UsageReply.Fetched(
        new UsageSnapshot(
            Optional.of(new UsageWindow(primaryPercent, primaryReset, Duration.ofHours(5))),
            Optional.of(
                new UsageWindow(weekly, primaryReset.plus(Duration.ofDays(3)), Duration.ofDays(7))),
            Credits.NONE),
        Optional.of("plus"));
  }

  private AccountStatus status(String id) {
    return f.pool
        .account(new AccountId(id))
        .orElseThrow()
        .account()
        .effectiveStatus(f.clock.instant());
  }

  @Test
  void pollsEveryAccountOncePerPeriodSpreadOverIt() {
    String[] ids = {"a", "b", "c", "d", "e", "f", "g", "h"};
    f.start(ids);
    UsagePoller poller = poller();
    List<Instant> firstPolls = new ArrayList<>();

    // The first tick schedules each account within the period that follows it.
    for (long s = 0; s <= PERIOD.toSeconds(); s++) {
      f.clock.advance(Duration.ofSeconds(1));
      long before = usage.requests().size();
      await(poller.tick());
      for (long n = before; n < usage.requests().size(); n++) {
        firstPolls.add(f.clock.instant());
      }
    }

    for (String id : ids) {
      assertThat(usage.polls("chatgpt-" + id)).as(id).isEqualTo(1);
    }
    assertThat(firstPolls.stream().distinct().count()).isGreaterThan(1);

    run(poller, PERIOD.multipliedBy(2));
    for (String id : ids) {
      assertThat(usage.polls("chatgpt-" + id)).as(id).isEqualTo(3);
    }
  }

  @Test
  void aFullWindowLimitsTheAccountAndAnEarlyResetEndsItWithinOnePeriod() {
    f.start("a");
    UsagePoller poller = poller();
    Instant announcedReset = f.clock.instant().plus(Duration.ofHours(4));
    usage.answer("chatgpt-a", report(100, announcedReset, 40));

    run(poller, PERIOD);
    assertThat(status("a")).isEqualTo(AccountStatus.RATE_LIMITED);

    // Upstream resets the window hours early: the next poll shows room.
    usage.answer("chatgpt-a", report(0, f.clock.instant().plus(Duration.ofHours(5)), 40));
    run(poller, PERIOD);

    assertThat(status("a")).isEqualTo(AccountStatus.ACTIVE);
    assertThat(f.clock.instant()).isBefore(announcedReset);
  }

  @Test
  void eachAnswerGoesToTheHistoryAndAChangedStateIsWrittenAndAnnounced() {
    f.start("a");
    List<StoreChange> announced = new ArrayList<>();
    f.changes.subscribe(announced::add);
    UsagePoller poller = poller();
    Instant reset = f.clock.instant().plus(Duration.ofHours(2));
    usage.answer("chatgpt-a", report(100, reset, 10));

    run(poller, PERIOD.multipliedBy(2));

    List<UsageSample> samples = history.all();
    assertThat(samples).hasSize(2);
    assertThat(samples.get(0).primary().orElseThrow().usedPercent()).isEqualTo(100.0);
    assertThat(samples.get(0).planType()).contains("plus");
    assertThat(await(f.accounts.find(new AccountId("a"))).orElseThrow().account().state().status())
        .isEqualTo(AccountStatus.RATE_LIMITED);
    assertThat(announced).contains(StoreChange.ACCOUNTS);
  }

  @Test
  void aFailingPollBacksOffDoublingAndASuccessEndsTheBackOff() {
    f.start("a");
    UsagePoller poller = poller();
    usage.fail("chatgpt-a");
    run(poller, PERIOD); // the first poll, failed
    assertThat(usage.polls("chatgpt-a")).isEqualTo(1);

    run(poller, PERIOD); // retried one period later
    assertThat(usage.polls("chatgpt-a")).isEqualTo(2);
    run(poller, PERIOD); // now two periods: not yet
    assertThat(usage.polls("chatgpt-a")).isEqualTo(2);
    run(poller, PERIOD);
    assertThat(usage.polls("chatgpt-a")).isEqualTo(3);
    run(poller, PERIOD.multipliedBy(3)); // four periods: not yet
    assertThat(usage.polls("chatgpt-a")).isEqualTo(3);

    usage.answer("chatgpt-a", FakeUsageClient.NOTHING_REPORTED);
    run(poller, PERIOD);
    assertThat(usage.polls("chatgpt-a")).isEqualTo(4);
    run(poller, PERIOD);
    assertThat(usage.polls("chatgpt-a")).isEqualTo(5);
    assertThat(status("a")).isEqualTo(AccountStatus.ACTIVE);
  }

  @Test
  void aDeactivationAnswerDeactivatesTheAccountWhichIsNotPolledAgain() {
    f.start("a", "b");
    UsagePoller poller = poller();
    usage.answer(
        "chatgpt-a",
        new UsageReply.Deactivated(
            new PermanentAuthFailure("account_deactivated", "Account has been deactivated", false),
            402));

    run(poller, PERIOD.multipliedBy(3));

    assertThat(status("a")).isEqualTo(AccountStatus.DEACTIVATED);
    assertThat(usage.polls("chatgpt-a")).isEqualTo(1);
    assertThat(usage.polls("chatgpt-b")).isEqualTo(3);
    assertThat(await(f.accounts.find(new AccountId("a"))).orElseThrow().account().state().status())
        .isEqualTo(AccountStatus.DEACTIVATED);
  }

  @Test
  void aRefusedTokenIsRenewedAndTheAccountPolledAgainWithTheNewOne() {
    f.start("a");
    UsagePoller poller = poller();
    usage.answer("chatgpt-a", new UsageReply.Unauthorized("token_expired"));
    while (usage.requests().isEmpty()) {
      f.clock.advance(Duration.ofSeconds(1));
      await(poller.tick());
    }
    assertThat(f.refresher.refreshed()).containsExactly("refresh-a");

    usage.answer("chatgpt-a", FakeUsageClient.NOTHING_REPORTED);
    f.clock.advance(Duration.ofSeconds(1));
    await(poller.tick());

    assertThat(usage.requests()).hasSize(2);
    assertThat(usage.requests().get(1).accessToken()).isEqualTo("access-after-refresh-a");
  }

  @Test
  void pausedAccountsAreNotPolled() {
    Account paused =
        ((AdminTransition.Applied) Account.of(new AccountId("a"), PlanType.PLUS).pause()).account();
    await(f.accounts.save(TestAccounts.stored(paused, f.cipher)));
    f.start("b");
    UsagePoller poller = poller();

    run(poller, PERIOD);

    assertThat(usage.polls("chatgpt-a")).isZero();
    assertThat(usage.polls("chatgpt-b")).isEqualTo(1);
  }

  @Test
  void afterAHandOverALaterTurnPollsOncePerPeriodAgain() {
    f.start("a");
    UsagePoller poller = poller();
    run(poller, PERIOD);
    assertThat(usage.polls("chatgpt-a")).isEqualTo(1);

    poller.handedOver();
    f.clock.advance(PERIOD.multipliedBy(3));
    run(poller, PERIOD);

    // Once within the period of the new turn, not once per period missed meanwhile.
    assertThat(usage.polls("chatgpt-a")).isEqualTo(2);
  }
}
