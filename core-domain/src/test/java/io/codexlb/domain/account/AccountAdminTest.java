package io.codexlb.domain.account;

import static io.codexlb.domain.account.Accounts.NOW;
import static io.codexlb.domain.account.Accounts.active;
import static io.codexlb.domain.account.Accounts.deactivated;
import static io.codexlb.domain.account.Accounts.loginDied;
import static io.codexlb.domain.account.Accounts.paused;
import static io.codexlb.domain.account.Accounts.quotaExceededUntil;
import static io.codexlb.domain.account.Accounts.rateLimitedUntil;
import static io.codexlb.domain.account.Accounts.usageOk;
import static io.codexlb.domain.account.Accounts.withErrors;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AdminTransition.Applied;
import io.codexlb.domain.account.AdminTransition.Refused;
import org.junit.jupiter.api.Test;

/** Pause and reactivate, as the dashboard and the admin API ask for them. */
class AccountAdminTest {

  @Test
  void activeAndLimitedAccountsCanBePaused() {
    for (Account account :
        new Account[] {
          active(), rateLimitedUntil(NOW.plusSeconds(60)), quotaExceededUntil(NOW.plusSeconds(60))
        }) {
      assertThat(account.pause()).isEqualTo(new Applied(account.withState(AccountState.paused())));
    }
  }

  @Test
  void pausingAPausedAccountChangesNothing() {
    assertThat(paused().pause()).isEqualTo(new Applied(paused()));
  }

  @Test
  void pausingKeepsWhatIsKnownAboutUsage() {
    Account withUsage = active().on(usageOk(), NOW);

    assertThat(((Applied) withUsage.pause()).account().usage()).isEqualTo(withUsage.usage());
  }

  @Test
  void accountsOutOfThePoolForAuthCannotBePaused() {
    assertThat(loginDied().pause())
        .isInstanceOfSatisfying(
            Refused.class,
            refused -> {
              assertThat(refused.status()).isEqualTo(AccountStatus.DEACTIVATED);
              assertThat(refused.reason()).contains("cannot be paused");
            });
    assertThat(deactivated().pause())
        .isInstanceOfSatisfying(
            Refused.class, r -> assertThat(r.status()).isEqualTo(AccountStatus.DEACTIVATED));
  }

  @Test
  void reactivatingMakesAPausedAccountActive() {
    Account next = ((Applied) paused().reactivate()).account();

    assertThat(next.state()).isEqualTo(AccountState.active());
    assertThat(next.isAvailable(NOW)).isTrue();
  }

  @Test
  void reactivatingEndsLimitsDeactivationAndBackoff() {
    for (Account account :
        new Account[] {
          rateLimitedUntil(NOW.plusSeconds(60)),
          quotaExceededUntil(NOW.plusSeconds(60)),
          deactivated(),
          withErrors(active(), 7, NOW)
        }) {
      Account next = ((Applied) account.reactivate()).account();

      assertThat(next.state()).isEqualTo(AccountState.active());
      assertThat(next.errors()).isEqualTo(ErrorStreak.NONE);
      assertThat(next.isAvailable(NOW)).isTrue();
    }
  }

  @Test
  void anAccountThatNeedsALoginCannotBeReactivated() {
    assertThat(loginDied().reactivate())
        .isInstanceOfSatisfying(
            Refused.class,
            refused -> {
              assertThat(refused.status()).isEqualTo(AccountStatus.DEACTIVATED);
              assertThat(refused.reason()).contains("refresh_token_reused").contains("log in");
            });
  }
}
