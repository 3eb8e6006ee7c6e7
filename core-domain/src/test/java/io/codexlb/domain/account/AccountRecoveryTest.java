package io.codexlb.domain.account;

import static io.codexlb.domain.account.Accounts.NOW;
import static io.codexlb.domain.account.Accounts.deactivated;
import static io.codexlb.domain.account.Accounts.loginDied;
import static io.codexlb.domain.account.Accounts.paused;
import static io.codexlb.domain.account.Accounts.quotaExceededUntil;
import static io.codexlb.domain.account.Accounts.rateLimitedUntil;
import static io.codexlb.domain.account.Accounts.usageOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountEvent.LoggedInAgain;
import io.codexlb.domain.account.AccountEvent.QuotaExhausted;
import io.codexlb.domain.account.AccountEvent.RateLimitHit;
import io.codexlb.domain.account.AccountEvent.RequestSucceeded;
import io.codexlb.domain.account.AccountEvent.TokenRefreshFailedPermanently;
import io.codexlb.domain.account.AccountEvent.TokenRefreshFailedTransiently;
import io.codexlb.domain.account.AccountEvent.TokenRefreshSucceeded;
import io.codexlb.domain.account.AccountEvent.TransientErrorOccurred;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Time-based recovery, and the states that never recover by themselves. */
class AccountRecoveryTest {

  private static final Instant RESET = NOW.plus(Duration.ofMinutes(17));
  private static final Instant A_YEAR_ON = NOW.plus(Duration.ofDays(366));

  @Test
  void rateLimitedAccountRecoversAtItsResetTime() {
    Account limited = rateLimitedUntil(RESET);

    assertThat(limited.effectiveStatus(RESET.minusNanos(1))).isEqualTo(AccountStatus.RATE_LIMITED);
    assertThat(limited.isAvailable(RESET.minusNanos(1))).isFalse();
    assertThat(limited.effectiveStatus(RESET)).isEqualTo(AccountStatus.ACTIVE);
    assertThat(limited.isAvailable(RESET)).isTrue();
  }

  @Test
  void outOfQuotaAccountRecoversAtItsResetTime() {
    Account exceeded = quotaExceededUntil(RESET);

    assertThat(exceeded.effectiveStatus(RESET.minusNanos(1)))
        .isEqualTo(AccountStatus.QUOTA_EXCEEDED);
    assertThat(exceeded.isAvailable(RESET.minusNanos(1))).isFalse();
    assertThat(exceeded.effectiveStatus(RESET)).isEqualTo(AccountStatus.ACTIVE);
    assertThat(exceeded.isAvailable(RESET)).isTrue();
  }

  @Test
  void readingAnAccountChangesNothing() {
    Account limited = rateLimitedUntil(RESET);

    limited.availability(A_YEAR_ON);
    limited.view(A_YEAR_ON);

    assertThat(limited.state()).isEqualTo(new AccountState.RateLimited(RESET));
  }

  @Test
  void anEventAfterTheResetStoresTheRecovery() {
    Account next = rateLimitedUntil(RESET).on(new RequestSucceeded(), RESET);

    assertThat(next.state()).isEqualTo(AccountState.active());
  }

  @Test
  void pausedNeedsAReauthAndDeactivatedAccountsNeverRecoverByThemselves() {
    for (Account waiting : List.of(paused(), loginDied(), deactivated())) {
      assertThat(waiting.effectiveState(A_YEAR_ON)).isEqualTo(waiting.state());
      assertThat(waiting.isAvailable(A_YEAR_ON)).isFalse();
    }
  }

  static Stream<Arguments> waitingAccountsAndUpstreamEvents() {
    List<AccountEvent> events =
        List.of(
            usageOk(),
            RateLimitHit.resettingAt(NOW.minusSeconds(1)),
            RateLimitHit.withoutResetInfo(),
            new QuotaExhausted(Optional.of(NOW.minusSeconds(1))),
            new TransientErrorOccurred(),
            new RequestSucceeded(),
            new TokenRefreshFailedTransiently());
    return Stream.of(paused(), loginDied(), deactivated())
        .flatMap(account -> events.stream().map(event -> Arguments.of(account, event)));
  }

  @ParameterizedTest
  @MethodSource("waitingAccountsAndUpstreamEvents")
  void nothingUpstreamReportsBringsBackAnAccountThatWaitsForAPerson(
      Account waiting, AccountEvent event) {
    Account next = waiting.on(event, NOW);

    assertThat(next.state()).isEqualTo(waiting.state());
    assertThat(next.isAvailable(A_YEAR_ON)).isFalse();
  }

  @Test
  void onlyAPersonBringsThemBack() {
    assertThat(((AdminTransition.Applied) paused().reactivate()).account().isAvailable(NOW))
        .isTrue();
    assertThat(loginDied().on(new LoggedInAgain(), NOW).isAvailable(NOW)).isTrue();
    assertThat(loginDied().on(new TokenRefreshSucceeded(), NOW).isAvailable(NOW)).isTrue();
    assertThat(deactivated().on(new LoggedInAgain(), NOW).isAvailable(NOW)).isTrue();
    assertThat(
            deactivated()
                .on(
                    new TokenRefreshFailedPermanently(
                        PermanentAuthFailure.forErrorCode("token_expired").orElseThrow()),
                    NOW)
                .isAvailable(NOW))
        .isFalse();
  }
}
