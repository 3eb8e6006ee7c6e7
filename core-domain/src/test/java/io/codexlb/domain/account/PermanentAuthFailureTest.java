package io.codexlb.domain.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexlb.domain.account.PermanentAuthFailure.Kind;
import org.junit.jupiter.api.Test;

class PermanentAuthFailureTest {

  @Test
  void deadRefreshTokensNeedANewLogin() {
    for (String code :
        new String[] {
          "refresh_token_expired",
          "refresh_token_reused",
          "refresh_token_invalidated",
          "invalid_grant",
          "token_invalidated",
          "token_expired",
          "app_session_terminated",
          "account_session_expired",
          "account_auth_invalidated"
        }) {
      assertThat(PermanentAuthFailure.forErrorCode(code))
          .hasValueSatisfying(f -> assertThat(f.kind()).isEqualTo(Kind.REAUTH_REQUIRED));
    }
  }

  @Test
  void goneAccountsAreDeactivatedWithAReason() {
    assertThat(PermanentAuthFailure.forErrorCode("account_suspended"))
        .contains(PermanentAuthFailure.deactivated("Account has been suspended"));
    assertThat(PermanentAuthFailure.forErrorCode("account_deactivated").orElseThrow().kind())
        .isEqualTo(Kind.DEACTIVATED);
    assertThat(PermanentAuthFailure.forErrorCode("account_deleted").orElseThrow().kind())
        .isEqualTo(Kind.DEACTIVATED);
  }

  @Test
  void otherCodesAreNotPermanent() {
    assertThat(PermanentAuthFailure.forErrorCode("server_error")).isEmpty();
    assertThat(PermanentAuthFailure.forErrorCode("")).isEmpty();
  }

  @Test
  void aFailureNeedsAReason() {
    assertThatThrownBy(() -> PermanentAuthFailure.reauthRequired(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("reason: blank");
  }
}
