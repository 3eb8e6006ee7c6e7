package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.PermanentAuthFailure;

/** The outcome of a {@link TokenRefresher#refresh}. */
public sealed interface TokenRefresh {

  /**
   * New tokens. Upstream rotates the refresh token on every use; the old one is dead from now on.
   * Never printed: {@link #toString()} hides every token.
   *
   * @param accessToken the new bearer token
   * @param refreshToken the new refresh token
   * @param idToken the new OpenID token
   */
  record Refreshed(String accessToken, String refreshToken, String idToken)
      implements TokenRefresh {
    public Refreshed {
      requireNonNull(accessToken, "accessToken");
      requireNonNull(refreshToken, "refreshToken");
      requireNonNull(idToken, "idToken");
      if (accessToken.isBlank() || refreshToken.isBlank() || idToken.isBlank()) {
        throw new IllegalArgumentException("tokens: one is blank (expected: all three)");
      }
    }

    @Override
    public String toString() {
      return "Refreshed[accessToken=***, refreshToken=***, idToken=***]";
    }
  }

  /**
   * The OAuth server refused in a way no retry fixes (such as {@code refresh_token_reused} or
   * {@code account_deactivated}): the account needs a new login or is gone.
   *
   * @param failure what it means for the account
   */
  record FailedPermanently(PermanentAuthFailure failure) implements TokenRefresh {
    public FailedPermanently {
      requireNonNull(failure, "failure");
    }
  }

  /**
   * The refresh did not happen but may later: the server could not be reached, timed out, answered
   * 5xx or with an error code that is not a known permanent one.
   *
   * @param reason why, for logs; never contains a token
   */
  record FailedTransiently(String reason) implements TokenRefresh {
    public FailedTransiently {
      requireNonNull(reason, "reason");
    }
  }
}
