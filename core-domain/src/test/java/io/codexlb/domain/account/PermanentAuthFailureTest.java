package io.codexlb.domain.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PermanentAuthFailureTest {

  private static final String[] LOGIN_DIED = {
    "refresh_token_expired",
    "refresh_token_reused",
    "refresh_token_invalidated",
    "invalid_grant",
    "token_invalidated",
    "token_expired",
    "app_session_terminated",
    "account_session_expired",
    "account_auth_invalidated"
  };

  @Test
  void deadRefreshTokensAreFixedByANewLoginAndKeepTheirCode() {
    for (String code : LOGIN_DIED) {
      assertThat(PermanentAuthFailure.forErrorCode(code))
          .hasValueSatisfying(
              f -> {
                assertThat(f.reloginFixes()).isTrue();
                assertThat(f.code()).isEqualTo(code);
                assertThat(f.reason()).contains("log in again");
              });
    }
  }

  @Test
  void goneAccountsAreNotFixedByALogin() {
    assertThat(PermanentAuthFailure.forErrorCode("account_suspended"))
        .contains(
            new PermanentAuthFailure("account_suspended", "Account has been suspended", false));
    assertThat(
            PermanentAuthFailure.forErrorCode("account_deactivated").orElseThrow().reloginFixes())
        .isFalse();
    assertThat(PermanentAuthFailure.forErrorCode("account_deleted").orElseThrow().reloginFixes())
        .isFalse();
  }

  @Test
  void otherCodesAreNotPermanent() {
    assertThat(PermanentAuthFailure.forErrorCode("server_error")).isEmpty();
    assertThat(PermanentAuthFailure.forErrorCode("")).isEmpty();
  }

  @Test
  void aFailureNeedsAReasonAndACodeInSnakeCase() {
    assertThatThrownBy(() -> new PermanentAuthFailure("invalid_grant", " ", true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("reason: blank");
    assertThatThrownBy(() -> new PermanentAuthFailure("Invalid Grant", "x", true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("code: 'Invalid Grant'");
  }

  @Test
  void storedReasonsOfOlderVersionsMapBackToTheirCodes() {
    assertThat(
            PermanentAuthFailure.fromStoredReason(
                "Refresh token was already used - log in again", true))
        .isEqualTo(PermanentAuthFailure.forErrorCode("refresh_token_reused").orElseThrow());
    assertThat(PermanentAuthFailure.fromStoredReason("Account has been deleted", false))
        .isEqualTo(PermanentAuthFailure.forErrorCode("account_deleted").orElseThrow());
    assertThat(PermanentAuthFailure.fromStoredReason("invalid_grant", true).code())
        .isEqualTo("invalid_grant");
  }

  @Test
  void unknownStoredReasonsKeepTheirTextUnderAGenericCode() {
    assertThat(PermanentAuthFailure.fromStoredReason("the CLI said so", true))
        .isEqualTo(
            new PermanentAuthFailure(
                PermanentAuthFailure.RELOGIN_REQUIRED, "the CLI said so", true));
    assertThat(PermanentAuthFailure.fromStoredReason("banned", false))
        .isEqualTo(new PermanentAuthFailure("account_deactivated", "banned", false));
  }
}
