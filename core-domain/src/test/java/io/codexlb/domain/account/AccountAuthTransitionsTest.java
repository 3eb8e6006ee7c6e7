package io.codexlb.domain.account;

import static io.codexlb.domain.account.Accounts.NOW;
import static io.codexlb.domain.account.Accounts.active;
import static io.codexlb.domain.account.Accounts.deactivated;
import static io.codexlb.domain.account.Accounts.loginDied;
import static io.codexlb.domain.account.Accounts.paused;
import static io.codexlb.domain.account.Accounts.quotaExceededUntil;
import static io.codexlb.domain.account.Accounts.rateLimitedUntil;
import static io.codexlb.domain.account.Accounts.withErrors;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountEvent.LoggedInAgain;
import io.codexlb.domain.account.AccountEvent.TokenRefreshFailedPermanently;
import io.codexlb.domain.account.AccountEvent.TokenRefreshSucceeded;
import org.junit.jupiter.api.Test;

/** Token refreshes that fail for good, and the logins that repair them. */
class AccountAuthTransitionsTest {

  private static final TokenRefreshFailedPermanently TOKEN_REUSED =
      new TokenRefreshFailedPermanently(
          PermanentAuthFailure.forErrorCode("refresh_token_reused").orElseThrow());
  private static final TokenRefreshFailedPermanently SUSPENDED =
      new TokenRefreshFailedPermanently(
          PermanentAuthFailure.forErrorCode("account_suspended").orElseThrow());

  @Test
  void aDeadRefreshTokenDeactivatesTheAccountWithItsCodeAndThatALoginFixesIt() {
    for (Account account :
        new Account[] {
          active(), rateLimitedUntil(NOW.plusSeconds(60)), quotaExceededUntil(NOW.plusSeconds(60))
        }) {
      Account next = account.on(TOKEN_REUSED, NOW);

      assertThat(next.state()).isEqualTo(loginDied().state());
      assertThat(next.effectiveStatus(NOW)).isEqualTo(AccountStatus.DEACTIVATED);
      AccountState.Deactivated state = (AccountState.Deactivated) next.state();
      assertThat(state.cause().code()).isEqualTo("refresh_token_reused");
      assertThat(state.reloginFixes()).isTrue();
    }
  }

  @Test
  void aPausedAccountWhoseTokenDiedShowsThatItNeedsALogin() {
    assertThat(paused().on(TOKEN_REUSED, NOW).state()).isEqualTo(loginDied().state());
  }

  @Test
  void aSuspendedAccountIsDeactivatedWithItsReason() {
    for (Account account :
        new Account[] {active(), rateLimitedUntil(NOW.plusSeconds(60)), paused(), loginDied()}) {
      assertThat(account.on(SUSPENDED, NOW).state()).isEqualTo(deactivated().state());
    }
  }

  @Test
  void anAccountGoneUpstreamIsNotDowngradedToOneALoginFixes() {
    assertThat(deactivated().on(TOKEN_REUSED, NOW)).isEqualTo(deactivated());
  }

  @Test
  void aSuccessfulRefreshEndsADeactivationALoginFixes() {
    assertThat(loginDied().on(new TokenRefreshSucceeded(), NOW).state())
        .isEqualTo(AccountState.active());
  }

  @Test
  void aSuccessfulRefreshDoesNotUndoADeactivationOrAPause() {
    assertThat(deactivated().on(new TokenRefreshSucceeded(), NOW).state())
        .isEqualTo(deactivated().state());
    assertThat(paused().on(new TokenRefreshSucceeded(), NOW).state())
        .isEqualTo(AccountState.paused());
  }

  @Test
  void loggingInAgainBringsBackAnAccountThatNeededItOrWasDeactivated() {
    assertThat(loginDied().on(new LoggedInAgain(), NOW).state()).isEqualTo(AccountState.active());
    assertThat(deactivated().on(new LoggedInAgain(), NOW).state()).isEqualTo(AccountState.active());
  }

  @Test
  void loggingInAgainClearsErrorsButKeepsAPauseAndALimit() {
    assertThat(withErrors(paused(), 4, NOW).on(new LoggedInAgain(), NOW)).isEqualTo(paused());
    Account limited = rateLimitedUntil(NOW.plusSeconds(60));
    assertThat(limited.on(new LoggedInAgain(), NOW)).isEqualTo(limited);
  }
}
